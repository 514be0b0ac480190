"""The supplier catalogue: search, company profiles and approval, imports, exports, the
capability taxonomy and the controlled vocabularies (states, certifications)."""
