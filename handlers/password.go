package handlers

import (
	"crypto/rand"

	"golang.org/x/crypto/bcrypt"
)

// hashPassword hashes with bcrypt at the configured cost.
func (h *Handler) hashPassword(password string) (string, error) {
	b, err := bcrypt.GenerateFromPassword([]byte(password), h.bcryptCost)
	return string(b), err
}

// dummyHash is a hash of a random password, compared against when the
// account does not exist so that unknown users take as long as known ones.
func (h *Handler) dummyHash() string { return h.dummy }

func newDummyHash(cost int) string {
	b := make([]byte, 32)
	_, _ = rand.Read(b)
	// bcrypt takes at most 72 bytes; 32 random ones are plenty.
	hash, _ := bcrypt.GenerateFromPassword(b, cost)
	return string(hash)
}
