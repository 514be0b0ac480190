"""ORM models, one module per entity group; importing this package registers them all."""

from matchmaker.models.audit import AuditEntry
from matchmaker.models.company import (
    Company,
    CompanyCapability,
    CompanyCertification,
    CompanyKind,
    CompanyStatus,
    Membership,
)
from matchmaker.models.imports import ImportBatch
from matchmaker.models.need import CertificationMode, Need, NeedCertification, NeedStatus, NeedTerm
from matchmaker.models.taxonomy import TaxonomyTerm, TermKind
from matchmaker.models.user import Invitation, Role, User, UserRole

__all__ = [
    "AuditEntry",
    "CertificationMode",
    "Company",
    "CompanyCapability",
    "CompanyCertification",
    "CompanyKind",
    "CompanyStatus",
    "ImportBatch",
    "Invitation",
    "Membership",
    "Need",
    "NeedCertification",
    "NeedStatus",
    "NeedTerm",
    "Role",
    "TaxonomyTerm",
    "TermKind",
    "User",
    "UserRole",
]
