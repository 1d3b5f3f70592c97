"""Every model of the consultation plugin, gathered from its features' folders so that
Django's app registry, migrations and ``consultation.<Model>`` references see them under
one app (``app_label = "consultation"``, given by this app's folder).

Import a model from here or from its own module:

- the questionnaire (:mod:`consultation.questionnaire`): ``ConsultationPage``,
  ``FormField``, ``ConsultationSubmission``, ``ConsultationContact``, ``AnswerKey``;
- the proposal box (:mod:`consultation.proposals`): ``ProposalPage``, ``Proposal``,
  ``ProposalContact``;
- the committee (:mod:`consultation.committee`): ``ExportJob``.

Nothing else lives here; modules of the plugin import from the features' modules, never
from this one.
"""

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

__all__ = [
    "AnswerKey",
    "ConsultationContact",
    "ConsultationPage",
    "ConsultationSubmission",
    "ExportJob",
    "FormField",
    "Proposal",
    "ProposalContact",
    "ProposalPage",
]
