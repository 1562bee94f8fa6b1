"""Tags of events and people: read, written, and the tags in use (for the lists' filters).

A record's tags are rows of `tag` (see models.Tag): writing a record's tags revives the rows of
tags put back, adds new ones and soft-deletes those taken off. History and the record's own
`updated_at` are `queries.update_event` / `update_person`'s to keep; these functions only read and
write the rows. Search indexes `tags_text`; the vCard export takes `tags_of_person`.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping, Sequence

from sqlalchemy import Connection, bindparam, func, update
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlmodel import Session, col, select

from netjournal.domain.tags import tags_text
from netjournal.store.models import TAGGED_TABLES, Event, Person, Tag, new_id, table_of, utcnow
from netjournal.store.rows import CHUNK, alive


def tags_of(*, session: Session, table: str, record_id: str) -> tuple[str, ...]:
    """The live tags of one event or person, in alphabetical order (as every list shows them)."""
    return tags_by_record(session=session, table=table, ids=[record_id]).get(record_id, ())


def tags_by_record(*, session: Session, table: str, ids: Collection[str]) -> dict[str, tuple[str, ...]]:
    """The live tags of each of `ids` that has any (a list's page at a time)."""
    found: dict[str, list[str]] = {}
    wanted = list(dict.fromkeys(ids))
    for i in range(0, len(wanted), CHUNK):
        stmt = (
            select(col(Tag.record_id), col(Tag.name))
            .where(col(Tag.record_table) == table, col(Tag.record_id).in_(wanted[i : i + CHUNK]), alive(Tag))
            .order_by(col(Tag.record_id), col(Tag.name))
        )
        for record_id, name in session.exec(stmt):
            found.setdefault(record_id, []).append(name)
    return {record_id: tuple(names) for record_id, names in found.items()}


def tags_text_of(*, session: Session, table: str, record_id: str) -> str:
    """A record's tags as one text (`rust embedded`), for the search index."""
    return tags_text(tags_of(session=session, table=table, record_id=record_id))


def tags_of_person(*, session: Session, person_id: str) -> tuple[str, ...]:
    """A person's tags (the vCard's CATEGORIES)."""
    return tags_of(session=session, table="person", record_id=person_id)


def tags_of_event(*, session: Session, event_id: str) -> tuple[str, ...]:
    return tags_of(session=session, table="event", record_id=event_id)


def tags_in_use(*, session: Session, table: str) -> list[tuple[str, int]]:
    """Each tag on live records of `table` with how many hold it, most used first (then by name)."""
    model = Event if table == "event" else Person
    count = func.count()
    stmt = (
        select(col(Tag.name), count)
        .join(model, col(model.id) == col(Tag.record_id))
        .where(col(Tag.record_table) == table, alive(Tag), alive(model))
        .group_by(col(Tag.name))
        .order_by(count.desc(), col(Tag.name))
    )
    return [(name, n) for name, n in session.exec(stmt)]


def write_tags(*, session: Session, table: str, record_id: str, tags: Iterable[str]) -> None:
    """Make `tags` (already normalised) the record's live tags; a tag kept stays as it was."""
    if table not in TAGGED_TABLES:
        raise ValueError(f"{table} records take no tags")
    wanted = list(dict.fromkeys(tags))
    rows = {t.name: t for t in session.exec(select(Tag).where(col(Tag.record_id) == record_id))}
    now = utcnow()
    for name in wanted:
        row = rows.get(name)
        if row is None:
            session.add(Tag(record_table=table, record_id=record_id, name=name, created_at=now, updated_at=now))
        elif row.deleted_at is not None:
            row.deleted_at, row.updated_at = None, now
    for name, row in rows.items():
        if name not in wanted and row.deleted_at is None:
            row.deleted_at = row.updated_at = now
    session.flush()


def replace_tags(conn: Connection, *, table: str, tags_by_id: Mapping[str, Sequence[str]]) -> None:
    """Make each record's live tags exactly those given (an import bringing records with their tags):
    the others are soft-deleted, the ones put back revived; the rest of the tag rows stay as they are."""
    if not tags_by_id:
        return
    tag = table_of(Tag)
    now = utcnow()
    ids = list(tags_by_id)
    for i in range(0, len(ids), CHUNK):
        chunk = ids[i : i + CHUNK]
        live = conn.execute(
            select(tag.c.record_id, tag.c.name).where(tag.c.record_id.in_(chunk), tag.c.deleted_at.is_(None))
        ).all()
        gone = [{"_id": rid, "_name": name} for rid, name in live if name not in tags_by_id[rid]]
        if gone:
            conn.execute(
                update(tag)
                .where(tag.c.record_id == bindparam("_id"), tag.c.name == bindparam("_name"))
                .values(deleted_at=now, updated_at=now),
                gone,
            )
    rows = [
        {"id": new_id(), "created_at": now, "updated_at": now, "record_table": table, "record_id": rid, "name": name}
        for rid, names in tags_by_id.items()
        for name in dict.fromkeys(names)
    ]
    for i in range(0, len(rows), CHUNK):
        stmt = sqlite_insert(tag).values(rows[i : i + CHUNK])
        conn.execute(
            stmt.on_conflict_do_update(
                index_elements=[tag.c.record_id, tag.c.name],
                set_={"deleted_at": None, "updated_at": now},
                where=tag.c.deleted_at.is_not(None),
            )
        )
