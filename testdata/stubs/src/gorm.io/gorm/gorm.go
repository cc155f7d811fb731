// Package gorm is a stub of gorm.io/gorm (v1.31 signatures).
package gorm

import "context"

type Config struct{}

type DB struct {
	*Config
	Error        error
	RowsAffected int64
	Statement    *Statement
}

type Statement struct {
	*DB
	Context context.Context
}

func (db *DB) WithContext(ctx context.Context) *DB {
	return &DB{Config: db.Config, Statement: &Statement{Context: ctx}}
}

func (db *DB) Model(value interface{}) (tx *DB)                      { return db }
func (db *DB) Where(query interface{}, args ...interface{}) (tx *DB) { return db }
func (db *DB) Create(value interface{}) (tx *DB)                     { return db }
func (db *DB) Find(dest interface{}, conds ...interface{}) (tx *DB)  { return db }
