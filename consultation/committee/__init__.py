"""The committee's admin under ``/admin/comite/``: listing, detail and exports of the
questionnaire's answers (``views``, ``urls``, ``exports``, ``filters``), background
exports (``models``: ExportJob, ``tasks``), statistics (``statistics``,
``statistics_views``, ``charts``), the admin home panel (``dashboard``) and the audit
log formatters (``audit``)."""
