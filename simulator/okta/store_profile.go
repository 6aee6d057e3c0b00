package okta

import (
	"encoding/binary"
	"strings"
)

// packedProfile is a user profile as the memory store keeps it. A profile
// map costs far more than its values: a map per user, a heap string per key
// and an interface box per value, about 700 bytes for Okta's eight usual
// attributes. Packed, the string attributes share one string and their
// names are numbers of the store's attribute table, so a profile costs
// about its text.
type packedProfile struct {
	// text holds each string attribute as uvarint name number, uvarint
	// length and the value's bytes.
	text string
	// other holds the attributes whose values are not strings (numbers,
	// booleans, null, lists); nil when there are none.
	other map[string]any
	// set is false for a nil profile, so that a nil one comes back nil.
	set bool
}

// attrNames numbers profile attribute names, so that a packed profile
// stores a small number instead of the name. Names are only added (a few
// dozen in any org), and only under the store's write lock.
type attrNames struct {
	names []string
	index map[string]uint64
}

func newAttrNames() attrNames { return attrNames{index: map[string]uint64{}} }

func (a *attrNames) number(name string) uint64 {
	n, ok := a.index[name]
	if !ok {
		n = uint64(len(a.names))
		a.names = append(a.names, name)
		a.index[name] = n
	}
	return n
}

// pack encodes p; it keeps no reference to p.
func (a *attrNames) pack(p Profile) packedProfile {
	if p == nil {
		return packedProfile{}
	}
	size := 0
	for _, v := range p {
		if s, ok := v.(string); ok {
			size += 2*binary.MaxVarintLen32 + len(s)
		}
	}
	buf := make([]byte, 0, size)
	out := packedProfile{set: true}
	for k, v := range p {
		s, ok := v.(string)
		if !ok {
			if out.other == nil {
				out.other = map[string]any{}
			}
			out.other[k] = v
			continue
		}
		buf = binary.AppendUvarint(buf, a.number(k))
		buf = binary.AppendUvarint(buf, uint64(len(s)))
		buf = append(buf, s...)
	}
	out.text = string(buf)
	return out
}

// each calls fn with every string attribute of p; values share p's text.
func (a *attrNames) each(p packedProfile, fn func(name, value string)) {
	for rest := p.text; rest != ""; {
		var n, l uint64
		n, rest = readUvarint(rest)
		l, rest = readUvarint(rest)
		fn(a.names[n], rest[:l])
		rest = rest[l:]
	}
}

// readUvarint decodes the uvarint at the start of s, which pack wrote.
func readUvarint(s string) (uint64, string) {
	var x uint64
	for i, shift := 0, uint(0); i < len(s); i, shift = i+1, shift+7 {
		if s[i] < 0x80 {
			return x | uint64(s[i])<<shift, s[i+1:]
		}
		x |= uint64(s[i]&0x7f) << shift
	}
	return x, ""
}

// get returns the string attribute name of p ("" when unset or not a string).
func (a *attrNames) get(p packedProfile, name string) string {
	var found string
	a.each(p, func(k, v string) {
		if k == name {
			found = v
		}
	})
	return found
}

// usualAttrs is how many attributes a profile usually has (Okta's default
// eight), the size a new map starts with.
const usualAttrs = 8

// unpack returns p as a new map.
func (a *attrNames) unpack(p packedProfile) Profile {
	if !p.set {
		return nil
	}
	out := make(Profile, len(p.other)+usualAttrs)
	a.each(p, func(k, v string) { out[k] = v })
	for k, v := range p.other {
		out[k] = v
	}
	return out
}

// userRow is a user as the memory store keeps it: the User without its
// profile map, and the profile packed.
type userRow struct {
	user    User // Profile is nil
	profile packedProfile
}

func (s *MemoryStore) rowOf(u User) *userRow {
	p := u.Profile
	u.Profile = nil
	return &userRow{user: u.clone(), profile: s.attrs.pack(p)}
}

func (s *MemoryStore) userOf(row *userRow) User {
	u := row.user.clone()
	u.Profile = s.attrs.unpack(row.profile)
	return u
}

// loginOf returns the lower-case login of a stored user, the key of the
// login index; it shares the packed profile's text where it can.
func (s *MemoryStore) loginOf(row *userRow) string {
	return strings.ToLower(s.attrs.get(row.profile, "login"))
}
