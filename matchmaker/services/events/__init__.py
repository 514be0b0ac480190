"""Sourcing events and trade missions: set-up, participants, meeting requests and proposals,
scheduling, meetings, agendas, the instance/schedule exchange and the e-mails about them."""
