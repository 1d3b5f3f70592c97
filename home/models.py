"""Every model of the home plugin, gathered from its features' folders so that Django's
app registry, migrations and ``home.<Model>`` references see them under one app
(``app_label = "home"``, given by this app's folder).

- the home page (:mod:`home.homepage`): ``HomePage``, ``CommitteeMember``;
- the news (:mod:`home.news`): ``NewsIndexPage``, ``NewsPage``;
- the committee's calendar (:mod:`home.calendar`): ``CommitteeMeeting``;
- the legal pages (:mod:`home.legal`): ``LegalPage``, ``PrivacyPage``,
  ``AccessibilityPage`` and its ``AuditCriterion`` rows, ``SiteMapPage``, ``ContactPage``.

Nothing else lives here; modules of the plugin import from the features' modules, never
from this one.
"""

from .calendar.models import CommitteeMeeting
from .homepage.models import CommitteeMember, HomePage
from .legal.audit import AuditCriterion
from .legal.pages import (
    AccessibilityPage,
    ContactPage,
    LegalPage,
    PrivacyPage,
    SiteMapPage,
)
from .news.models import NewsIndexPage, NewsPage

__all__ = [
    "AccessibilityPage",
    "AuditCriterion",
    "CommitteeMeeting",
    "CommitteeMember",
    "ContactPage",
    "HomePage",
    "LegalPage",
    "NewsIndexPage",
    "NewsPage",
    "PrivacyPage",
    "SiteMapPage",
]
