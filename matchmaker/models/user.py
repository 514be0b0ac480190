"""Accounts, roles and invitations."""

from __future__ import annotations

import enum
from datetime import datetime
from typing import TYPE_CHECKING

from flask_login import UserMixin
from sqlalchemy import Boolean, DateTime, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from matchmaker.extensions import db
from matchmaker.models.base import one_of, utcnow

if TYPE_CHECKING:
    from matchmaker.models.company import Company


class Role(enum.StrEnum):
    SUPPLIER = "supplier"
    BUYER = "buyer"
    ORGANISER = "organiser"
    MANAGER = "manager"
    ADMIN = "admin"


class User(UserMixin, db.Model):
    """A person who logs in; belongs to one company and holds one or more roles."""

    __tablename__ = "users"
    __table_args__ = (one_of("language", ("es", "en"), "language"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    name: Mapped[str] = mapped_column(String(120))
    password_hash: Mapped[str] = mapped_column(String(255))
    language: Mapped[str] = mapped_column(String(2), default="es")
    company_id: Mapped[int | None] = mapped_column(
        ForeignKey("companies.id", ondelete="RESTRICT"), index=True
    )
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    last_login_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))

    company: Mapped[Company | None] = relationship(back_populates="users")
    role_rows: Mapped[list[UserRole]] = relationship(cascade="all, delete-orphan", lazy="selectin")

    @property
    def roles(self) -> set[str]:
        """The names of this user's roles."""
        return {r.role for r in self.role_rows}

    def has_role(self, *roles: str) -> bool:
        """True if the user holds any of the roles (admins hold them all)."""
        mine = self.roles
        return Role.ADMIN in mine or any(r in mine for r in roles)

    @property
    def is_active(self) -> bool:  # Flask-Login asks this
        return self.active


class UserRole(db.Model):
    """One role held by one user."""

    __tablename__ = "user_roles"
    __table_args__ = (one_of("role", Role, "role"),)

    user_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    role: Mapped[str] = mapped_column(String(20), primary_key=True)


class Invitation(db.Model):
    """An organiser's invitation: a one-time link that creates an account."""

    __tablename__ = "invitations"
    __table_args__ = (one_of("language", ("es", "en"), "language"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    email: Mapped[str] = mapped_column(String(254))
    company_id: Mapped[int] = mapped_column(ForeignKey("companies.id", ondelete="CASCADE"))
    roles: Mapped[str] = mapped_column(String(120))  # comma-separated Role values
    language: Mapped[str] = mapped_column(String(2), default="es")
    invited_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    accepted_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))

    company: Mapped[Company] = relationship()
