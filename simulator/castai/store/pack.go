package store

import "strings"

// packStrings points each field at a part of one new string. A
// value equal to an earlier one (an email that is the userName, as an Okta
// login usually is) is kept once.
func packStrings(fields []*string) {
	size := 0
	for i, f := range fields {
		if firstEqual(fields[:i], *f) < 0 {
			size += len(*f)
		}
	}
	var b strings.Builder
	b.Grow(size)
	for i, f := range fields {
		if firstEqual(fields[:i], *f) < 0 {
			b.WriteString(*f)
		}
	}
	text, off := b.String(), 0
	for i, f := range fields {
		if j := firstEqual(fields[:i], *f); j >= 0 {
			*f = *fields[j]
			continue
		}
		n := len(*f)
		*f = text[off : off+n]
		off += n
	}
}

// firstEqual returns the index of the first of fields equal to s, or -1.
// The empty string has nothing to share.
func firstEqual(fields []*string, s string) int {
	if s == "" {
		return -1
	}
	for i, f := range fields {
		if *f == s {
			return i
		}
	}
	return -1
}
