"""Demo content of the committee's calendar: its meetings of the consultation's year.

The comité Nouvelles solidarités was installed in July 2020; the later meetings follow
the consultation's steps (contributions, diagnostic). Days, hours and places are
illustrative, not a record.
"""

import datetime
from zoneinfo import ZoneInfo

from .models import CommitteeMeeting

PARIS = ZoneInfo("Europe/Paris")

#: (year, month, day, hour, minute, title, place, description)
MEETINGS = [
    (2020, 7, 10, 14, 30, "Installation du comité Nouvelles solidarités",
     "Hôtel du Département, Mont-de-Marsan",
     "Séance d'installation : présentation de la démarche, du calendrier de la consultation "
     "et de la plateforme participative."),
    (2020, 10, 8, 14, 30, "Premières contributions de la plateforme",
     "Hôtel du Département, Mont-de-Marsan",
     "Point d'étape sur les actions recensées sur la carte et les réponses au "
     "questionnaire ; organisation des groupes de travail."),
    (2020, 12, 10, 9, 30, "Groupes de travail thématiques",
     "Visioconférence",
     "Travail en groupes sur l'alimentation, le logement, l'emploi et l'isolement à partir "
     "des contributions des habitants."),
    (2021, 2, 11, 14, 30, "Présentation du diagnostic territorial",
     "Hôtel du Département, Mont-de-Marsan",
     "Présentation du diagnostic social du territoire et échanges sur les propositions à "
     "soumettre aux élus du Département."),
]


def create_meetings(stdout=None):
    """Create the demo meetings, idempotently (a meeting is found by its title).

    Output: list of the CommitteeMeeting rows (existing ones left as staff edited them).
    """
    meetings = []
    for year, month, day, hour, minute, title, place, description in MEETINGS:
        starts_at = datetime.datetime(year, month, day, hour, minute, tzinfo=PARIS)
        meeting, _created = CommitteeMeeting.objects.get_or_create(
            title=title,
            defaults={"starts_at": starts_at, "place": place, "description": description},
        )
        meetings.append(meeting)
    return meetings
