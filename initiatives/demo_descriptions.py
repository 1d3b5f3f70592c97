"""Descriptions of the demo actions (French rich text), as their authors would write them.

``DESCRIPTIONS`` maps an action's title in ``initiatives.demo.ACTIONS`` to the HTML of
its description (paragraphs and lists only: the features the description field allows).
The organisations' ways of working are plausible examples, not facts about real
structures: no figures, no real addresses; any contact is in ``example.org``, a domain
reserved for examples (RFC 2606).
"""

DESCRIPTIONS = {
    "Distribution alimentaire au quartier du Peyrouat": (
        "<p>Chaque mercredi après-midi, nos bénévoles préparent et distribuent des colis "
        "alimentaires aux familles du quartier du Peyrouat, à Mont-de-Marsan. Les colis "
        "comprennent des produits secs, des conserves, des produits frais quand nous en "
        "recevons, et des produits d'hygiène.</p>"
        "<p>Les familles nous sont orientées par les travailleurs sociaux du Département "
        "et par le CCAS. Si vous pensez pouvoir en bénéficier, parlez-en à votre "
        "assistante sociale : elle fera le lien avec nous.</p>"
        "<p><strong>Nous cherchons des bénévoles</strong> pour la préparation des colis "
        "le mercredi matin et pour le transport depuis notre entrepôt. Une demi-journée "
        "par mois, c'est déjà une aide précieuse.</p>"
    ),
    "Courses pour les personnes isolées à Dax": (
        "<p>Nous sommes un petit groupe de voisins du Sablar. Pendant le confinement, "
        "nous avons commencé à faire les courses des personnes âgées et des personnes "
        "malades de l'immeuble, puis de la rue, puis du quartier.</p>"
        "<p>Le principe est simple : vous nous donnez votre liste, nous faisons les "
        "courses et nous les déposons devant votre porte. Vous payez sur ticket de caisse, "
        "sans aucun supplément.</p>"
        "<p>Vous avez une heure par semaine et un cabas ? Rejoignez-nous : écrivez-nous "
        "depuis cette page.</p>"
    ),
    "Atelier de couture de masques à Biscarrosse": (
        "<p>Au printemps 2020, alors que les masques manquaient, les couturières "
        "et les couturiers de l'association se sont retrouvés, chacun chez "
        "soi, pour coudre des masques en tissu selon le patron de l'AFNOR.</p>"
        "<p>Les masques ont été donnés aux habitants qui en demandaient à l'accueil de la "
        "mairie, aux aides à domicile et à l'Ehpad de la commune. Le tissu et l'élastique "
        "ont été offerts par des commerçants et par les habitants eux-mêmes.</p>"
        "<p>L'atelier a fermé à l'été 2020, quand les masques se sont trouvés partout. "
        "L'association a repris depuis ses ateliers de couture du jeudi.</p>"
    ),
    "Soutien scolaire à distance": (
        "<p>Des étudiants bénévoles accompagnent des collégiens en visioconférence, une "
        "heure par semaine, en mathématiques, en français et en anglais. Chaque élève "
        "garde le même tuteur toute l'année, ce qui permet de construire une vraie "
        "relation de confiance.</p>"
        "<p>Les familles s'inscrivent auprès du collège ou directement auprès de nous. "
        "Si vous n'avez pas d'ordinateur à la maison, dites-le-nous : nous travaillons avec "
        "une association qui en prête.</p>"
        "<p>Étudiantes et étudiants, vous pouvez devenir tuteur : une heure par semaine, "
        "depuis chez vous, avec une courte formation au départ.</p>"
    ),
    "Appels téléphoniques aux aînés de Capbreton": (
        "<p>Depuis le premier confinement, le CCAS appelle chaque semaine les personnes de "
        "plus de 75 ans qui se sont inscrites sur le registre des personnes fragiles. "
        "L'appel dure le temps qu'il faut : prendre des nouvelles, vérifier que rien ne "
        "manque, signaler un besoin au bon service.</p>"
        "<p>L'inscription sur le registre est gratuite et peut être demandée par la "
        "personne elle-même, par un proche ou par un voisin, à l'accueil du CCAS ou par "
        "courriel.</p>"
    ),
    "Prêt d'ordinateurs aux familles": (
        "<p>Nous reconditionnons des ordinateurs donnés par des entreprises et des "
        "collectivités, et nous les prêtons aux familles qui n'ont pas d'équipement pour "
        "que les enfants puissent suivre leur scolarité et que les parents fassent leurs "
        "démarches en ligne.</p>"
        "<p>Le prêt est accordé sur orientation d'un travailleur social, d'un "
        "établissement scolaire ou d'une structure France Services. Chaque ordinateur est "
        "remis avec une courte prise en main.</p>"
        "<p>Votre entreprise renouvelle son parc informatique ? Pensez à nous plutôt qu'à "
        "la déchetterie.</p>"
    ),
    "Covoiturage solidaire à Mimizan": (
        "<p>Vous n'avez pas de voiture et vous devez aller chez le médecin, à la "
        "pharmacie ou faire vos courses ? Des habitants de Mimizan et des communes "
        "voisines proposent de vous emmener.</p>"
        "<p>Comment ça marche :</p>"
        "<ul><li>vous appelez ou écrivez au collectif au moins deux jours avant votre "
        "rendez-vous ;</li><li>nous trouvons un conducteur bénévole disponible ;</li>"
        "<li>vous participez aux frais d'essence si vous le pouvez, selon un barème "
        "affiché au local.</li></ul>"
        "<p>Conducteurs, même occasionnels, vous êtes les bienvenus.</p>"
    ),
    "Garde d'enfants des soignants à Tarnos": (
        "<p>Pendant le premier confinement, la commune a ouvert l'accueil de loisirs aux "
        "enfants des personnels soignants et des professionnels mobilisés, y compris le "
        "week-end et sur des horaires élargis.</p>"
        "<p>Les enfants étaient accueillis par les animateurs de la commune, en petits "
        "groupes et dans le respect des consignes sanitaires de l'époque.</p>"
    ),
    "Paniers de producteurs à Soustons": (
        "<p>Quand les marchés ont fermé, plusieurs fermes du Marensin se sont regroupées "
        "pour vendre en direct leurs légumes, leurs œufs et leurs volailles. Les paniers "
        "se commandent en début de semaine et sont livrés le vendredi à domicile ou "
        "retirés à la ferme.</p>"
        "<p>Les livraisons sont gratuites pour les personnes de plus de 70 ans et pour "
        "celles qui ne peuvent pas se déplacer.</p>"
    ),
    "Aide aux démarches en ligne à Hagetmau": (
        "<p>Déclaration de revenus, dossier CAF, compte Ameli, carte grise, demande de "
        "retraite : les agents de France Services vous accompagnent pas à pas, sur place "
        "et gratuitement.</p>"
        "<p>Venez avec vos identifiants si vous les avez, et les courriers ou documents "
        "liés à votre démarche. Un ordinateur, une imprimante et un scanner sont en accès "
        "libre aux heures d'ouverture.</p>"
        "<p>Il est conseillé de prendre rendez-vous pour les démarches longues.</p>"
    ),
    "Épicerie solidaire de Saint-Sever": (
        "<p>L'épicerie solidaire propose des produits alimentaires et d'hygiène à petit "
        "prix aux foyers dont le budget ne permet plus de faire face aux dépenses du "
        "quotidien. On y vient pour quelques mois, le temps de souffler et de mener un "
        "projet : payer une dette, financer un permis, équiper un logement.</p>"
        "<p>L'accès se fait sur orientation d'un travailleur social. L'épicerie est aussi "
        "un lieu d'accueil : un café est toujours prêt, et des ateliers cuisine ont lieu "
        "une fois par mois.</p>"
        "<p>Nous recherchons des bénévoles pour l'accueil, la mise en rayon et "
        "l'animation des ateliers.</p>"
    ),
    "Lecture au téléphone pour les résidents de l'Ehpad": (
        "<p>Quand les visites ont été suspendues, j'ai proposé à l'Ehpad de lire des "
        "histoires au téléphone aux résidents qui le souhaitaient. D'autres lectrices et "
        "lecteurs m'ont rejointe : romans, nouvelles, articles du journal local, un peu de "
        "poésie.</p>"
        "<p>Si vous aimez lire à voix haute, l'équipe d'animation de l'Ehpad organise les "
        "rendez-vous : contactez-nous depuis cette page.</p>"
    ),
    "Hébergement d'urgence à Parentis-en-Born": (
        "<p>Le CCAS a mis à disposition des logements communaux vacants pour mettre à "
        "l'abri des personnes sans domicile pendant le confinement, en lien avec le 115 et "
        "les associations d'accueil.</p>"
        "<p>Un accompagnement social a été proposé à chaque personne hébergée pour "
        "préparer la suite : ouverture de droits, recherche d'un logement durable, accès "
        "aux soins.</p>"
    ),
    "Portage de repas à Peyrehorade": (
        "<p>La communauté de communes livre des repas chauds, cinq jours sur sept, aux "
        "personnes âgées ou en perte d'autonomie qui vivent à domicile dans le Pays "
        "d'Orthe et Arrigans. Les menus sont préparés par la cuisine centrale et "
        "adaptés aux régimes (sans sel, diabétique, mixé).</p>"
        "<p>La livraison est aussi un moment de contact : le livreur signale au service "
        "toute situation inquiétante.</p>"
        "<p>Pour s'inscrire, il suffit de contacter le service d'aide à domicile de la "
        "communauté de communes ; le tarif dépend des ressources.</p>"
    ),
    "Écoute et soutien psychologique": (
        "<p>Isolement, inquiétude, fatigue, deuil : la crise a laissé des traces. Notre "
        "ligne d'écoute est tenue par des psychologues bénévoles, qui prennent le temps "
        "de vous écouter sans jugement et, si besoin, vous orientent vers un "
        "professionnel près de chez vous.</p>"
        "<p>L'écoute est gratuite et anonyme. En cas d'urgence, appelez le 15 ou le 3114, "
        "numéro national de prévention du suicide.</p>"
    ),
    "Ateliers numériques pour seniors à Labouheyre": (
        "<p>Appeler ses petits-enfants en vidéo, envoyer une photo, prendre un "
        "rendez-vous médical en ligne : nos ateliers pour les seniors ont lieu le mardi "
        "matin à la salle des associations, en petits groupes de six personnes.</p>"
        "<p>Apportez votre tablette ou votre téléphone ; si vous n'en avez pas, nous en "
        "prêtons pendant l'atelier. Aucun niveau n'est demandé.</p>"
    ),
    "Accompagnement vers l'emploi à Tartas": (
        "<p>Vous cherchez un emploi, une formation ou vous voulez changer de métier "
        "après la crise ? Tremplin Tartas vous accueille pour faire le point, refaire "
        "votre CV, préparer un entretien.</p>"
        "<p>Nous organisons aussi des rencontres avec des employeurs du territoire qui "
        "recrutent, notamment dans l'aide à domicile, la logistique et le bâtiment.</p>"
    ),
    "Jardins partagés de Grenade-sur-l'Adour": (
        "<p>Au bord de l'Adour, des parcelles sont cultivées en commun par "
        "des habitants de tous âges. Chacun vient quand il peut ; les outils, les graines "
        "et l'eau sont partagés.</p>"
        "<p>Une partie des récoltes est donnée à l'épicerie solidaire voisine. Le samedi "
        "matin, un jardinier expérimenté est là pour conseiller les débutants.</p>"
        "<p>Envie de jardiner, même sans expérience ? Passez nous voir un samedi ou "
        "écrivez-nous.</p>"
    ),
    "Transport à la demande vers les centres de vaccination": (
        "<p>Pendant la campagne de vaccination, la commune a organisé des navettes "
        "gratuites vers les centres de vaccination pour les habitants sans moyen de "
        "transport. Il suffisait de s'inscrire en mairie en donnant la date de son "
        "rendez-vous.</p>"
    ),
    "Collecte de vêtements à Pontonx-sur-l'Adour": (
        "<p>Nous collectons des vêtements propres et en bon état, des chaussures, du linge "
        "de maison et des produits d'hygiène, que nous redistribuons gratuitement aux "
        "personnes et aux familles qui en ont besoin.</p>"
        "<p>Dépôts et distribution ont lieu le premier samedi du mois, à la salle "
        "municipale. Nous manquons surtout de vêtements d'enfants et de produits "
        "d'hygiène.</p>"
        "<p>Vous pouvez aussi nous aider à trier : quelques heures par mois suffisent.</p>"
    ),
    "Aide aux devoirs à Ondres": (
        "<p>Le lundi et le jeudi, de 17 h à 18 h 30, des bénévoles accueillent les écoliers "
        "et les collégiens à la médiathèque pour les aider à faire leurs devoirs. Un "
        "goûter est offert.</p>"
        "<p>Les inscriptions se font auprès de la médiathèque. Nous cherchons des "
        "bénévoles, retraités, étudiants ou parents, même pour une seule soirée par "
        "semaine.</p>"
    ),
    "Sport en plein air pour tous à Seignosse": (
        "<p>Marche, gymnastique douce, renforcement musculaire : nos éducateurs sportifs "
        "proposent des séances gratuites en plein air, sur la plage ou en forêt selon la "
        "saison, pour reprendre une activité physique à son rythme et rencontrer du "
        "monde.</p>"
        "<p>Les séances sont adaptées aux personnes âgées, aux personnes qui reprennent "
        "le sport après une maladie et à celles qui n'en ont jamais fait. Venez en tenue "
        "confortable, avec de l'eau.</p>"
    ),
    "Livraison de médicaments à Linxe": (
        "<p>Pendant le confinement, la pharmacie a livré les médicaments à domicile aux "
        "personnes âgées, malades ou isolées de Linxe et des communes voisines, avec "
        "l'aide de bénévoles de la commune.</p>"
        "<p>Le service continue pour les personnes qui ne peuvent pas se déplacer : "
        "renseignez-vous au comptoir.</p>"
    ),
    "Accueil de jour des personnes en situation de handicap": (
        "<p>Notre accueil de jour a continué de fonctionner pendant la crise, en petits "
        "groupes, pour les personnes en situation de handicap qui vivent à domicile. "
        "Pour les familles, c'était un répit indispensable.</p>"
        "<p>Les activités (atelier cuisine, jardin, sorties, musique) ont été adaptées "
        "pour respecter les consignes sanitaires. Quand l'accueil n'était pas possible, "
        "l'équipe a gardé le lien par téléphone et par des visites à domicile.</p>"
    ),
    "Appels solidaires des jeunes aux aînés d'Amou": (
        "<p>Les jeunes du club de foot se sont partagé la liste des aînés du village "
        "transmise par la mairie, avec leur accord. Chaque jeune appelait ses aînés deux "
        "fois par semaine pour prendre des nouvelles, discuter, et proposer de faire une "
        "course si besoin.</p>"
        "<p>Des amitiés sont nées : certains continuent de passer boire un café.</p>"
    ),
    "Épicerie itinérante du Gabardan": (
        "<p>Notre camion-épicerie passe chaque semaine dans les hameaux et les bourgs du "
        "Gabardan qui n'ont plus de commerce. On y trouve l'essentiel : pain, produits "
        "frais, épicerie, produits d'entretien, et on peut commander ce qui manque pour "
        "la tournée suivante.</p>"
        "<p>Les horaires de passage sont affichés en mairie de chaque commune "
        "desservie.</p>"
    ),
    "Permanence contre les violences intrafamiliales": (
        "<p>Vous subissez des violences au sein de votre couple ou de votre famille, ou "
        "vous êtes inquiet pour un proche ? Une juriste et une intervenante sociale vous "
        "reçoivent, de façon confidentielle et gratuite, pour vous informer sur vos "
        "droits et vous orienter.</p>"
        "<p>En cas de danger immédiat, appelez le 17. Le 3919, numéro national d'écoute "
        "pour les femmes victimes de violences, est anonyme et gratuit.</p>"
    ),
    "Chorale au balcon de Mugron": (
        "<p>Chaque vendredi soir du premier confinement, des voisins de la place ont "
        "chanté depuis leurs balcons et leurs fenêtres : chansons françaises, airs "
        "gascons, et quelques demandes spéciales.</p>"
    ),
    "Bons d'achat pour les commerces de Castets": (
        "<p>Pour soutenir à la fois les familles en difficulté et les commerçants de la "
        "commune, le CCAS a distribué des bons d'achat utilisables dans les commerces de "
        "Castets : boulangerie, boucherie, épicerie, pharmacie.</p>"
        "<p>Les bons ont été attribués après un entretien avec une travailleuse sociale du "
        "CCAS. Les commerçants participants affichaient un autocollant sur leur "
        "vitrine.</p>"
    ),
    "Garde d'enfants solidaire à Rion-des-Landes": (
        "<p>Des parents de Rion-des-Landes se sont organisés pour garder, à tour de rôle, "
        "les enfants de ceux qui devaient continuer à travailler : caissières, aides à "
        "domicile, agents d'entretien.</p>"
        "<p>Aujourd'hui, le collectif dépanne encore pour les mercredis et les vacances "
        "scolaires. Si vous êtes parent et que vous voulez donner un coup de main ou en "
        "recevoir un, écrivez-nous.</p>"
    ),
    "Réparation de vélos à Labrit": (
        "<p>Votre vélo dort au garage avec un pneu crevé ou un dérailleur bloqué ? Venez "
        "le réparer avec nous, le samedi matin, à l'atelier. Nous prêtons les outils et "
        "nous vous montrons comment faire.</p>"
        "<p>Nous remettons aussi en état des vélos donnés, pour les prêter ou les céder à "
        "petit prix aux personnes qui ont besoin de se déplacer pour travailler ou se "
        "former.</p>"
        "<p>Bricoleuses et bricoleurs bienvenus !</p>"
    ),
    "Fabrication de visières pour les soignants de Dax": (
        "<p>Au printemps 2020, le fablab a fait tourner ses imprimantes 3D jour et nuit "
        "pour fabriquer des visières de protection, puis a été rejoint par des "
        "particuliers équipés chez eux.</p>"
        "<p>Les visières ont été données à l'hôpital, aux infirmières et infirmiers "
        "libéraux, aux pharmacies et aux commerces qui en faisaient la demande.</p>"
    ),
    "Accueil des sans-abri pendant le confinement": (
        "<p>Pendant le premier confinement, la ville a aménagé un gymnase pour mettre à "
        "l'abri les personnes à la rue, avec des lits, des repas, des douches et une "
        "présence de jour comme de nuit.</p>"
        "<p>Le dispositif a été monté avec les associations d'aide aux personnes sans "
        "domicile et les services de l'État. Chaque personne accueillie s'est vu proposer "
        "un accompagnement pour trouver une solution durable.</p>"
    ),
}
