"""Every model of the diagnostic plugin, gathered from its modules so that Django's app
registry, migrations and ``diagnostic.<Model>`` references see them under one app.

- pages (:mod:`diagnostic.pages`): ``DiagnosticIndexPage``, ``DiagnosticChapterPage``;
- indicators (:mod:`diagnostic.indicators.models`): ``Indicator``, ``IndicatorValue``.

Nothing else lives here; modules of the plugin import from their own modules, never from
this one.
"""

from .indicators.models import Indicator, IndicatorValue
from .pages import DiagnosticChapterPage, DiagnosticIndexPage

__all__ = ["DiagnosticChapterPage", "DiagnosticIndexPage", "Indicator", "IndicatorValue"]
