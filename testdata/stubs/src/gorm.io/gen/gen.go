// Package gen is a stub of gorm.io/gen (v0.3.26 signatures).
package gen

import (
	"context"

	"gorm.io/gorm"
)

type Dao interface {
	WithContext(ctx context.Context) Dao
}

type DO struct{ db *gorm.DB }

func (d *DO) WithContext(ctx context.Context) Dao { return &DO{db: d.db.WithContext(ctx)} }
