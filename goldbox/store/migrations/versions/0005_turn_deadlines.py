"""turn deadlines: when an RPG game's pending player turn is next looked at by the turn sweeper

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-01
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column("games", sa.Column("turn_deadline", sa.DateTime(timezone=True), nullable=True))
    op.create_index(op.f("ix_games_turn_deadline"), "games", ["turn_deadline"])


def downgrade() -> None:
    op.drop_index(op.f("ix_games_turn_deadline"), table_name="games")
    with op.batch_alter_table("games") as batch:
        batch.drop_column("turn_deadline")
