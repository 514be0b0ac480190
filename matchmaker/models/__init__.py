"""ORM models, one module per entity group; importing this package registers them all."""

from matchmaker.models.api_token import ApiToken
from matchmaker.models.audit import AuditEntry
from matchmaker.models.company import (
    Company,
    CompanyCapability,
    CompanyCertification,
    CompanyKind,
    CompanyStatus,
    Membership,
)
from matchmaker.models.event import (
    Availability,
    Delegate,
    Event,
    EventKind,
    EventSession,
    EventStatus,
    EventTable,
    Interest,
    Meeting,
    MeetingRequest,
    MeetingSeat,
    MeetingStatus,
    Participant,
    ParticipantRole,
    ParticipantStatus,
    Slot,
    TableMode,
)
from matchmaker.models.followup import FollowUp, Interaction, InteractionKind, Outcome
from matchmaker.models.imports import ImportBatch
from matchmaker.models.job import Job, JobStatus
from matchmaker.models.need import CertificationMode, Need, NeedCertification, NeedStatus, NeedTerm
from matchmaker.models.rfq import (
    Currency,
    ExchangeRate,
    ResponseStatus,
    Rfq,
    RfqChange,
    RfqOrigin,
    RfqResponse,
)
from matchmaker.models.shortlist import ShortlistEntry
from matchmaker.models.taxonomy import TaxonomyTerm, TermKind
from matchmaker.models.user import Invitation, Role, User, UserRole

__all__ = [
    "ApiToken",
    "AuditEntry",
    "Availability",
    "CertificationMode",
    "Company",
    "CompanyCapability",
    "CompanyCertification",
    "CompanyKind",
    "CompanyStatus",
    "Currency",
    "Delegate",
    "Event",
    "EventKind",
    "EventSession",
    "EventStatus",
    "EventTable",
    "ExchangeRate",
    "FollowUp",
    "ImportBatch",
    "Interaction",
    "InteractionKind",
    "Interest",
    "Invitation",
    "Job",
    "JobStatus",
    "Meeting",
    "MeetingRequest",
    "MeetingSeat",
    "MeetingStatus",
    "Membership",
    "Need",
    "NeedCertification",
    "NeedStatus",
    "NeedTerm",
    "Outcome",
    "Participant",
    "ParticipantRole",
    "ParticipantStatus",
    "ResponseStatus",
    "Rfq",
    "RfqChange",
    "RfqOrigin",
    "RfqResponse",
    "Role",
    "ShortlistEntry",
    "Slot",
    "TableMode",
    "TaxonomyTerm",
    "TermKind",
    "User",
    "UserRole",
]
