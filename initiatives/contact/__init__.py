"""Contact through the portal, on an action's page: a visitor's message relayed by
e-mail to the person who sent the action, their answer relayed back, and problem reports
sent to the moderators; neither side's address is shown to the other, and nothing but a
count is kept.

- :mod:`.views`: the pages of ``<action>/contacter/``, ``<action>/contacter/reponse/<link>/``
  and ``<action>/signaler/`` (called by :class:`initiatives.actions.InitiativePage`'s
  routes);
- :mod:`.relay`: who can be reached, the e-mails, their sending when the transaction
  commits, and the count;
- :mod:`.forms`: the three forms;
- :mod:`.links`: the reply link (the visitor's address, encrypted and authenticated);
- :mod:`.counts`: :class:`~.counts.ContactCount`, the per-action counters.
"""
