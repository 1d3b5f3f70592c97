"""The portrait de territoire: one page that finds a commune or an EPCI of the
département and shows its figures (population, published indicators, counts of the
other plugins through the ``TERRITORY_COUNTS`` hook)."""
