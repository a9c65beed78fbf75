"""Well-being referrals: the Referrals page, the case's Referrals tab, the directory."""
