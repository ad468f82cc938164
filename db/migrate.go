package db

import (
	"context"
	"embed"
	"fmt"
	"io/fs"

	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/jackc/pgx/v5/stdlib"
	"github.com/pressly/goose/v3"
)

//go:embed migrations/*.sql
var migrations embed.FS

// Migrate applies every pending migration and returns how many ran.
func Migrate(ctx context.Context, pool *pgxpool.Pool) (int, error) {
	p, err := migrationProvider(pool)
	if err != nil {
		return 0, err
	}
	res, err := p.Up(ctx)
	if err != nil {
		return len(res), fmt.Errorf("migrate: %w", err)
	}
	return len(res), nil
}

// MigrateTo applies the pending migrations up to and including version
// (tests of a migration on data start from the one before it).
func MigrateTo(ctx context.Context, pool *pgxpool.Pool, version int64) (int, error) {
	p, err := migrationProvider(pool)
	if err != nil {
		return 0, err
	}
	res, err := p.UpTo(ctx, version)
	if err != nil {
		return len(res), fmt.Errorf("migrate: %w", err)
	}
	return len(res), nil
}

// PendingMigrations reports whether the schema is behind the binary.
func PendingMigrations(ctx context.Context, pool *pgxpool.Pool) (bool, error) {
	p, err := migrationProvider(pool)
	if err != nil {
		return false, err
	}
	return p.HasPending(ctx)
}

func migrationProvider(pool *pgxpool.Pool) (*goose.Provider, error) {
	sub, err := fs.Sub(migrations, "migrations")
	if err != nil {
		return nil, err
	}
	return goose.NewProvider(goose.DialectPostgres, stdlib.OpenDBFromPool(pool), sub)
}
