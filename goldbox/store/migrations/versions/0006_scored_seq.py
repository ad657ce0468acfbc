"""scored seq: each game's leaderboard watermark, the last seq whose scores are recorded

Games played before this revision were scored as they were played, so they start caught up
(`scored_seq = version`); the leaderboard sweep does not replay old logs on upgrade.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-01
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

UNSCORED = sa.text("scored_seq < version")


def upgrade() -> None:
    op.add_column("games", sa.Column("scored_seq", sa.Integer(), nullable=False, server_default="0"))
    op.execute("UPDATE games SET scored_seq = version")
    op.create_index("ix_games_unscored", "games", ["id"], sqlite_where=UNSCORED, postgresql_where=UNSCORED)


def downgrade() -> None:
    op.drop_index("ix_games_unscored", table_name="games")
    with op.batch_alter_table("games") as batch:
        batch.drop_column("scored_seq")
