"""Group names of the roles (exact ``Group.name`` values) and the workflow's name."""

EDITORS_GROUP = "Rédaction"
MODERATORS_GROUP = "Modération"
COMMITTEE_GROUP = "Comité Nouvelles solidarités"
MODERATION_WORKFLOW = "Modération"
ASSISTED_ENTRY_GROUP = "Saisie accompagnée"
