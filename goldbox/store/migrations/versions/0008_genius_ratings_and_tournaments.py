"""genius ratings and tournaments: Glicko-2 ratings per game and entrant, the matches already rated,
tournaments and the tables of their rounds

Revision ID: 0008
Revises: 0006
Create Date: 2026-12-01
"""

from collections.abc import Sequence
from typing import Any

import sqlalchemy as sa
from alembic import op

revision: str = "0008"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _moment(name: str, nullable: bool = False) -> sa.Column[Any]:
    return sa.Column(name, sa.DateTime(timezone=True), nullable=nullable)


def upgrade() -> None:
    op.create_table(
        "genius_ratings",
        sa.Column("game", sa.String(length=32), nullable=False),
        sa.Column("entrant", sa.String(length=64), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("name", sa.String(length=64), nullable=False),
        sa.Column("rating", sa.Float(), nullable=False),
        sa.Column("rd", sa.Float(), nullable=False),
        sa.Column("volatility", sa.Float(), nullable=False),
        sa.Column("matches", sa.Integer(), nullable=False),
        _moment("updated_at"),
        sa.PrimaryKeyConstraint("game", "entrant", name=op.f("pk_genius_ratings")),
    )
    op.create_index("ix_genius_ratings_ranking", "genius_ratings", ["game", "rating"])
    op.create_table(
        "genius_rated_matches",
        sa.Column("match_id", sa.String(length=36), nullable=False),
        sa.Column("game", sa.String(length=32), nullable=False),
        _moment("finished_at"),
        _moment("rated_at"),
        sa.Column("changes", sa.JSON(), nullable=False),
        sa.Column("on_boards", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("match_id", name=op.f("pk_genius_rated_matches")),
    )
    op.create_index(op.f("ix_genius_rated_matches_on_boards"), "genius_rated_matches", ["on_boards"])
    op.create_table(
        "tournaments",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("game", sa.String(length=32), nullable=False),
        sa.Column("format", sa.String(length=16), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("creator", sa.String(length=36), nullable=True),
        sa.Column("entrants", sa.JSON(), nullable=False),
        sa.Column("options", sa.JSON(), nullable=False),
        sa.Column("table_size", sa.Integer(), nullable=False),
        sa.Column("rounds", sa.Integer(), nullable=False),
        sa.Column("round", sa.Integer(), nullable=False),
        sa.Column("round_deadline_s", sa.Integer(), nullable=False),
        sa.Column("pace_s", sa.Float(), nullable=False),
        sa.Column("seed", sa.BigInteger(), nullable=False),
        sa.Column("byes", sa.JSON(), nullable=False),
        _moment("created_at"),
        _moment("finished_at", nullable=True),
        sa.ForeignKeyConstraint(
            ["creator"], ["accounts.id"], name=op.f("fk_tournaments_creator_accounts"), ondelete="SET NULL"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_tournaments")),
    )
    op.create_index(op.f("ix_tournaments_status"), "tournaments", ["status"])
    op.create_index(op.f("ix_tournaments_created_at"), "tournaments", ["created_at"])
    op.create_table(
        "tournament_matches",
        sa.Column("tournament_id", sa.String(length=36), nullable=False),
        sa.Column("round", sa.Integer(), nullable=False),
        sa.Column("table_number", sa.Integer(), nullable=False),
        sa.Column("entrants", sa.JSON(), nullable=False),
        sa.Column("match_id", sa.String(length=36), nullable=True),
        _moment("launched_at", nullable=True),
        sa.Column("scores", sa.JSON(), nullable=True),
        sa.Column("winners", sa.JSON(), nullable=True),
        _moment("finished_at", nullable=True),
        sa.ForeignKeyConstraint(
            ["tournament_id"],
            ["tournaments.id"],
            name=op.f("fk_tournament_matches_tournament_id_tournaments"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["match_id"], ["games.id"], name=op.f("fk_tournament_matches_match_id_games"), ondelete="SET NULL"
        ),
        sa.PrimaryKeyConstraint("tournament_id", "round", "table_number", name=op.f("pk_tournament_matches")),
        sa.UniqueConstraint("match_id", name=op.f("uq_tournament_matches_match_id")),
    )


def downgrade() -> None:
    op.drop_table("tournament_matches")
    op.drop_index(op.f("ix_tournaments_created_at"), table_name="tournaments")
    op.drop_index(op.f("ix_tournaments_status"), table_name="tournaments")
    op.drop_table("tournaments")
    op.drop_index(op.f("ix_genius_rated_matches_on_boards"), table_name="genius_rated_matches")
    op.drop_table("genius_rated_matches")
    op.drop_index("ix_genius_ratings_ranking", table_name="genius_ratings")
    op.drop_table("genius_ratings")
