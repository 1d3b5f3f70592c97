"""Load the controlled list of Themes; labels stay editable afterwards."""

from django.db import migrations

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


def create_themes(apps, schema_editor):
    Theme = apps.get_model("portal", "Theme")
    for order, (slug, label) in enumerate(THEMES):
        Theme.objects.get_or_create(slug=slug, defaults={"label": label, "sort_order": order})


class Migration(migrations.Migration):
    dependencies = [("portal", "0001_initial")]
    operations = [migrations.RunPython(create_themes, migrations.RunPython.noop)]
