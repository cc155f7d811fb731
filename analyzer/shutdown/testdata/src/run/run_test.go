package main

import (
	"testing"

	"github.com/gin-gonic/gin"
)

// A test server goes away with the test binary.
func TestServe(t *testing.T) {
	r := gin.New()
	go r.Run(":0")
}
