package castai

import (
	"reflect"
	"testing"

	filter "github.com/scim2/filter-parser/v2"
)

// eqFilterCases are filters with whether parseEqFilter must take them. Those
// it takes must give the generic grammar's expression; the others are near
// misses it must leave to the grammar, valid or not.
var eqFilterCases = []struct {
	filter string
	fast   bool
}{
	{`userName eq "ada@example.com"`, true},
	{`userName EQ "ada@example.com"`, true},
	{`USERNAME Eq "ada@example.com"`, true},
	{`externalId eq "00u1abcd"`, true},
	{`displayName eq "Engineering (EMEA) & Ops"`, true},
	{`displayName eq ""`, true},
	{`displayName eq "Zoë Ünal 東京"`, true},
	{`displayName eq "a[b] and c or d"`, true},
	{`displayName eq "del` + "\x7f" + `"`, true},
	{`name.givenName eq "Ada"`, true},
	{`emails.value eq "ada@example.com"`, true},
	{`members.$ref eq "x"`, true},
	{`$ref eq "x"`, true},
	{`x-custom_1 eq "y"`, true},
	{`urn:ietf:params:scim:schemas:core:2.0:User:userName eq "ada"`, true},
	{`urn:ietf:params:scim:schemas:core:2.0:User:name.givenName eq "Ada"`, true},
	{`urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:employeeNumber eq "7"`, true},
	{`a:b eq "c"`, true},

	{`userName eq "o\"neil"`, false},
	{`userName eq "back\\slash"`, false},
	{`userName eq "tab` + "\t" + `"`, false},
	{`userName eq "bad` + "\xff" + `"`, false},
	{`userName eq "a" and active eq true`, false},
	{`userName eq "a" or userName eq "b"`, false},
	{`userName eq "a"and x eq "b"`, false},
	{`emails[type eq "work"]`, false},
	{`emails[type eq "work"].value eq "x"`, false},
	{`not (userName eq "a")`, false},
	{`(userName eq "a")`, false},
	{`active eq true`, false},
	{`active eq false`, false},
	{`displayName eq null`, false},
	{`age eq 42`, false},
	{`age eq -1.5e3`, false},
	{`userName  eq "a"`, false},
	{`userName eq  "a"`, false},
	{`userName	eq "a"`, false},
	{`userName ne "a"`, false},
	{`userName co "a"`, false},
	{`userName pr`, false},
	{`userName eq "a`, false},
	{`userName eq a"`, false},
	{`userName eq "a" `, false},
	{`userName eq`, false},
	{`userName eq "`, false},
	{`userName eqx "a"`, false},
	{`1userName eq "a"`, false},
	{`user.name.given eq "a"`, false},
	{`name. eq "a"`, false},
	{`.name eq "a"`, false},
	{`$$ref eq "a"`, false},
	{`us_er:name eq "a"`, false},
	{`urn::userName eq "a"`, false},
	{`:userName eq "a"`, false},
	{`urn:x: eq "a"`, false},
	{`urn:x:1a eq "a"`, false},
	{`naïve eq "a"`, false},
	{`eq "a"`, false},
	{``, false},
}

func TestParseEqFilterAgreesWithGrammar(t *testing.T) {
	for _, tc := range eqFilterCases {
		t.Run(tc.filter, func(t *testing.T) {
			got, ok := parseEqFilter(tc.filter)
			if ok != tc.fast {
				t.Fatalf("fast path took it: %v, want %v", ok, tc.fast)
			}
			if ok {
				checkEqAgainstGrammar(t, tc.filter, got)
			}
		})
	}
}

// FuzzEqFilter checks that every input the fast path takes parses to the
// very expression the generic grammar builds.
func FuzzEqFilter(f *testing.F) {
	for _, tc := range eqFilterCases {
		f.Add(tc.filter)
	}
	f.Fuzz(func(t *testing.T, raw string) {
		if got, ok := parseEqFilter(raw); ok {
			checkEqAgainstGrammar(t, raw, got)
		}
	})
}

func checkEqAgainstGrammar(t *testing.T, raw string, got *filter.AttributeExpression) {
	t.Helper()
	want, err := filter.ParseFilter([]byte(raw))
	if err != nil {
		t.Fatalf("fast path took %q, which the grammar refuses: %v", raw, err)
	}
	if !reflect.DeepEqual(filter.Expression(got), want) {
		t.Fatalf("%q: fast path built %#v, grammar %#v", raw, got, want)
	}
}

// pathCases are PATCH paths with whether parseAttrPath must read them; what
// it reads must be the path the grammar builds.
var pathCases = []struct {
	path string
	fast bool
}{
	{"members", true},
	{"displayName", true},
	{"name.givenName", true},
	{"emails.value", true},
	{"urn:ietf:params:scim:schemas:core:2.0:User:name.familyName", true},
	{"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager", true},
	{`members[value eq "u1"]`, false},
	{`emails[type eq "work"].value`, false},
	{"name.given.name", false},
	{"name.", false},
	{"1name", false},
	{"na me", false},
	{"", false},
}

func TestParseAttrPathAgreesWithGrammar(t *testing.T) {
	for _, tc := range pathCases {
		t.Run(tc.path, func(t *testing.T) {
			got, ok := parseAttrPath(tc.path)
			if ok != tc.fast {
				t.Fatalf("fast path took it: %v, want %v", ok, tc.fast)
			}
			if ok {
				checkPathAgainstGrammar(t, tc.path, got)
			}
		})
	}
}

// FuzzAttrPath checks that every path parseAttrPath takes is the path the
// grammar builds.
func FuzzAttrPath(f *testing.F) {
	for _, tc := range pathCases {
		f.Add(tc.path)
	}
	f.Fuzz(func(t *testing.T, raw string) {
		if got, ok := parseAttrPath(raw); ok {
			checkPathAgainstGrammar(t, raw, got)
		}
	})
}

func checkPathAgainstGrammar(t *testing.T, raw string, got filter.AttributePath) {
	t.Helper()
	want, err := filter.ParsePath([]byte(raw))
	if err != nil {
		t.Fatalf("fast path took %q, which the grammar refuses: %v", raw, err)
	}
	if !reflect.DeepEqual(filter.Path{AttributePath: got}, want) {
		t.Fatalf("%q: fast path built %#v, grammar %#v", raw, got, want)
	}
}
