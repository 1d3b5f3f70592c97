"""Every model of the diagnostic plugin, gathered from its modules so that Django's app
registry, migrations and ``diagnostic.<Model>`` references see them under one app.

- pages (:mod:`diagnostic.pages`): ``DiagnosticIndexPage``, ``DiagnosticChapterPage``;
- indicators (:mod:`diagnostic.indicators.models`): ``Indicator``, ``IndicatorValue``;
- portrait de territoire (:mod:`diagnostic.portrait.pages`): ``PortraitPage``.

Nothing else lives here; modules of the plugin import from their own modules, never from
this one.
"""

from .indicators.models import Indicator, IndicatorValue
from .pages import DiagnosticChapterPage, DiagnosticIndexPage
from .portrait.pages import PortraitPage

__all__ = ["DiagnosticChapterPage", "DiagnosticIndexPage", "Indicator", "IndicatorValue",
           "PortraitPage"]
