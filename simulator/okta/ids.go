package okta

import (
	"crypto/rand"
	"strings"
)

// Okta id prefixes.
const (
	prefixUser    = "00u"
	prefixGroup   = "00g"
	prefixApp     = "0oa"
	prefixMapping = "gPm"
	prefixTask    = "00t"
	prefixErrorID = "oae"
	idLength      = 20
)

const idAlphabet = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"

// newID returns an Okta-style id: a three-letter prefix and 17 random
// alphanumerics, 20 characters in all like Okta's.
func newID(prefix string) string {
	b := make([]byte, idLength-len(prefix))
	_, _ = rand.Read(b)
	var sb strings.Builder
	sb.WriteString(prefix)
	for _, c := range b {
		sb.WriteByte(idAlphabet[int(c)%len(idAlphabet)])
	}
	return sb.String()
}
