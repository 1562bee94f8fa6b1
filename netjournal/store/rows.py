"""What every query module shares: live rows, a row that must be there, read-as-text dates."""

from __future__ import annotations

from typing import Any, TypeVar, cast

from sqlalchemy import ColumnElement, Select, String, select, type_coerce
from sqlalchemy.orm import QueryableAttribute, defer
from sqlalchemy.orm.interfaces import ORMOption
from sqlmodel import Session, col

from netjournal.errors import InputError
from netjournal.store.models import Person, Row, utcnow

RowT = TypeVar("RowT", bound=Row)

CHUNK = 500  # ids per IN (...) query


def alive(model: type[Row]) -> ColumnElement[bool]:
    """Rows not soft-deleted."""
    return col(model.deleted_at).is_(None)


def deleted_ids(model: type[Row]) -> Select[str]:
    """The ids of the (few) soft-deleted rows, found through their own index."""
    return select(col(model.id)).where(col(model.deleted_at).is_not(None))


def touch(obj: Row) -> None:
    obj.updated_at = utcnow()


def row_options(model: type[Row]) -> list[ORMOption]:
    """How a model is loaded as a row. A person's last meeting day is a summary the lists
    read as text (`as_text`); loaded as a row it is left unread, so a day an older version
    left there can't break a person's page or a meet list."""
    return [defer(cast("QueryableAttribute[Any]", Person.last_met))] if model is Person else []


def require(session: Session, model: type[RowT], row_id: str) -> RowT:
    """The live row with this id, or one clear line saying it is gone."""
    obj = session.get(model, row_id, options=row_options(model))
    if obj is None or obj.deleted_at is not None:
        raise InputError(f"That {model.__name__.lower()} is no longer in the journal.")
    return obj


def as_text(column: Any) -> ColumnElement[Any]:
    """A date column read as the text it holds: what an older version or a hand edit left
    (NULL, "2024-02-30", "9999-12-31") reaches `read_day` instead of breaking the read."""
    return type_coerce(col(column), String)
