"""`pilotkit portfolio`: the lead's view across pilots, pooled from their report JSON."""
