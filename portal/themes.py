"""The controlled list of solidarity domains.

Each entry is (stable slug, initial French label). The labels are content, stored in the
``Theme`` table by a data migration and editable by staff afterwards; the slugs never
change, because initiatives and questionnaire answers store them.
"""

THEMES = [
    ("alimentation", "Alimentation"),
    ("logement", "Logement"),
    ("emploi", "Emploi et ressources"),
    ("sante", "Santé"),
    ("isolement", "Isolement et lien social"),
    ("numerique", "Numérique"),
    ("mobilite", "Mobilité"),
    ("education", "Éducation et scolarité"),
    ("garde-enfants", "Garde d'enfants"),
    ("demarches", "Démarches administratives"),
    ("aines", "Personnes âgées"),
    ("handicap", "Handicap"),
    ("violences", "Violences intrafamiliales"),
    ("culture-sport", "Culture, sport et loisirs"),
]
