"""`pilotkit report`: arguments and output."""
