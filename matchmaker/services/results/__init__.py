"""What came of it: RFQs and their access rules, exchange rates, follow-ups, CRM
interactions, the results dashboard and the quarterly reports."""
