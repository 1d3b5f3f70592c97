"""Every model of the consultation plugin, gathered from its features' folders so that
Django's app registry, migrations and ``consultation.<Model>`` references see them under
one app (``app_label = "consultation"``, given by this app's folder).

Import a model from here or from its own module:

- the questionnaire (:mod:`consultation.questionnaire`): ``ConsultationPage``,
  ``FormField``, ``ConsultationSubmission``, ``ConsultationContact``, ``AnswerKey``;
- the proposal box (:mod:`consultation.proposals`): ``ProposalPage``, ``Proposal``,
  ``ProposalContact``;
- the committee (:mod:`consultation.committee`): ``ExportJob``;
- assisted entry (:mod:`consultation.assisted`): ``EntryOperator``, ``EntryBatch``,
  ``SecondEntry``, ``EntryDifference``;
- shared computers (:mod:`consultation.stations`): ``SharedStation``.

Nothing else lives here; modules of the plugin import from the features' modules, never
from this one.
"""

from .assisted.models import EntryBatch, EntryDifference, EntryOperator, SecondEntry
from .committee.models import ExportJob
from .proposals.models import Proposal, ProposalContact
from .proposals.pages import ProposalPage
from .questionnaire.models import (
    AnswerKey,
    ConsultationContact,
    ConsultationSubmission,
    FormField,
)
from .questionnaire.pages import ConsultationPage
from .stations.models import SharedStation

__all__ = [
    "AnswerKey",
    "ConsultationContact",
    "ConsultationPage",
    "ConsultationSubmission",
    "EntryBatch",
    "EntryDifference",
    "EntryOperator",
    "ExportJob",
    "FormField",
    "Proposal",
    "ProposalContact",
    "ProposalPage",
    "SecondEntry",
    "SharedStation",
]
