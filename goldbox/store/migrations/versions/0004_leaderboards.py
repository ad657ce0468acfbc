"""leaderboards: each account's best score per board and period bucket

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-01
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "leaderboard_scores",
        sa.Column("board", sa.String(length=32), nullable=False),
        sa.Column("period", sa.String(length=8), nullable=False),
        sa.Column("bucket", sa.String(length=16), nullable=False),
        sa.Column("account_id", sa.String(length=36), nullable=False),
        sa.Column("username", sa.String(length=32), nullable=False),
        sa.Column("value", sa.BigInteger(), nullable=False),
        sa.Column("order_key", sa.BigInteger(), nullable=False),
        sa.Column("achieved_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("game_id", sa.String(length=36), nullable=True),
        sa.PrimaryKeyConstraint(
            "board", "period", "bucket", "account_id", name=op.f("pk_leaderboard_scores")
        ),
    )
    op.create_index(
        "ix_leaderboard_scores_ranking",
        "leaderboard_scores",
        ["board", "period", "bucket", "order_key", "achieved_at", "account_id"],
    )


def downgrade() -> None:
    op.drop_index("ix_leaderboard_scores_ranking", table_name="leaderboard_scores")
    op.drop_table("leaderboard_scores")
