"""The pages every French public website must have: legal notice (LCEN art. 6), privacy
notice (RGPD art. 13 and 14), accessibility statement (loi n° 2005-102 art. 47, RGAA
model), site map (RGAA 12.1), contact form; and the footer links to them."""
