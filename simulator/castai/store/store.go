// Package store holds the state of the Cast AI-style target: users, user
// groups with their members, role bindings, SSO connections and the SCIM
// tokens they issue. Store is the contract; NewMemory is the in-memory
// implementation used by castsim. Every implementation must pass the
// behaviour suite in store_test.go.
//
// The store keeps the relations whole: deleting a user removes it from its
// groups and from role-binding subjects, deleting a group removes its
// bindings' group subjects, and a binding left without subjects is deleted.
// Business rules (new joiners, defect modes, what SCIM may change) live in the
// server package above it.
package store

import (
	"errors"
	"fmt"
	"time"

	"github.com/idpsim/idpsim/scim"
)

// Sentinel errors, compared with errors.Is.
var (
	// ErrNotFound: no record has the given id or key.
	ErrNotFound = errors.New("not found")
	// ErrConflict: a unique key (userName, group displayName) is taken.
	ErrConflict = errors.New("conflict")
	// ErrPreconditionFailed: the record's version is not the one expected.
	ErrPreconditionFailed = errors.New("precondition failed")
	// ErrUnknownMember: a group member names no known user.
	ErrUnknownMember = errors.New("unknown member")
)

// MemberError reports a group member that is not a known user.
type MemberError struct{ UserID string }

func (e *MemberError) Error() string {
	return fmt.Sprintf("member %q is not a known user", e.UserID)
}

// Unwrap makes errors.Is(err, ErrUnknownMember) hold.
func (e *MemberError) Unwrap() error { return ErrUnknownMember }

// Options tune an in-memory store. The zero value is the correct behaviour;
// the fields exist so that castsim's defect modes can break it on purpose.
type Options struct {
	// CaseSensitiveUserNames compares userNames exactly instead of folding case.
	CaseSensitiveUserNames bool
	// AllowDuplicates lets two users share a userName and two groups a displayName.
	AllowDuplicates bool
	// Now stamps created and modified times; time.Now when nil.
	Now func() time.Time
}

// User is a person of the organization. Version changes on every write.
type User struct {
	ID           string
	UserName     string
	ExternalID   string
	Name         scim.Name
	DisplayName  string
	Emails       []scim.Email
	Title        string // kept only when a defect mode asks for it
	Active       bool
	Synced       bool   // managed by SCIM sync
	ConnectionID string // the SSO connection whose token created the user
	Created      time.Time
	Modified     time.Time
	Version      int64
}

// Group is a user group without its members (see Store.Members).
type Group struct {
	ID           string
	DisplayName  string
	ExternalID   string
	Description  string
	Synced       bool   // created or taken over by SCIM sync
	ConnectionID string // the SSO connection that syncs it
	Author       string // who created it: a user id, "scim" or "api-key"
	Created      time.Time
	Modified     time.Time
	Version      int64
	MemberCount  int
}

// Member is one member of a group, in the order it was added.
type Member struct {
	UserID  string
	Display string
	AddedAt time.Time
}

// MemberOp is the kind of a MemberStep.
type MemberOp int

// Member operations, applied in order.
const (
	MemberAdd    MemberOp = iota + 1 // add the members not yet in the group
	MemberRemove                     // remove the listed members that are in it
	MemberClear                      // remove every member
)

// MemberStep is one membership change of a GroupChange.
type MemberStep struct {
	Op      MemberOp
	Members []Member
}

// GroupChange is an atomic change of one group: Edit (if set) changes the
// group's own fields on a copy, then Steps change its members. A membership
// step costs in proportion to the members it names, not the group's size.
type GroupChange struct {
	IfVersion int64 // 0: any version
	Edit      func(*Group) error
	Steps     []MemberStep
}

// ChangeResult is a group after a change, with the members that joined and left.
type ChangeResult struct {
	Group   Group
	Added   []string
	Removed []string
}

// IDRef names a record by id.
type IDRef struct {
	ID string `json:"id"`
}

// Scope is where a role applies: the organization or one cluster.
type Scope struct {
	Organization *IDRef `json:"organization,omitempty"`
	Cluster      *IDRef `json:"cluster,omitempty"`
}

// Subject is who holds a role: a user, a group or a service account.
type Subject struct {
	User           *IDRef `json:"user,omitempty"`
	Group          *IDRef `json:"group,omitempty"`
	ServiceAccount *IDRef `json:"serviceAccount,omitempty"`
}

// Binding sources.
const (
	SourceNewJoiner = "new-joiner"
)

// RoleBinding gives one role on some scopes to some subjects.
type RoleBinding struct {
	ID          string
	Name        string
	Description string
	RoleID      string
	Scopes      []Scope
	Subjects    []Subject
	Source      string // SourceNewJoiner for default-role bindings, else ""
	Created     time.Time
	Updated     time.Time
}

// OktaConfig is the okta block of an SSO connection.
type OktaConfig struct {
	Domain       string
	ClientID     string
	ClientSecret string
}

// OIDCConfig is the generic oidc block of an SSO connection.
type OIDCConfig struct {
	IssuerURL    string
	ClientID     string
	ClientSecret string
	Type         string
}

// Connection is an SSO connection; IsSynced turns SCIM group sync on.
type Connection struct {
	ID                     string
	Name                   string
	EmailDomain            string
	AdditionalEmailDomains []string
	DefaultRoleID          string
	IsSynced               bool
	Status                 string
	Okta                   *OktaConfig
	OIDC                   *OIDCConfig
	ServiceAccountID       string
	Created                time.Time
	Updated                time.Time
}

// Token is a SCIM bearer token; only a hash of its secret is kept.
type Token struct {
	ID           string
	ConnectionID string
	Name         string
	Prefix       string
	Hash         []byte
	Active       bool
	Created      time.Time
}

// Store is the target's state. Methods return copies; callers never share
// memory with the store. All methods are safe for concurrent use.
type Store interface {
	CreateUser(u User) (User, error)
	User(id string) (User, error)
	UsersByUserName(userName string) []User
	UsersByExternalID(externalID string) []User
	ListUsers(match func(*User) bool, offset, limit int) (page []User, total int)
	UpdateUser(id string, ifVersion int64, edit func(*User) error) (User, error)
	DeleteUser(id string) error
	UserGroups(id string) ([]Group, error)

	CreateGroup(g Group, members []Member) (Group, error)
	Group(id string) (Group, error)
	GroupsByName(displayName string) []Group
	ListGroups(match func(*Group) bool, offset, limit int) (page []Group, total int)
	Members(groupID string) ([]Member, error)
	ChangeGroup(id string, ch GroupChange) (ChangeResult, error)
	DeleteGroup(id string) error

	CreateBinding(b RoleBinding) (RoleBinding, error)
	Binding(id string) (RoleBinding, error)
	Bindings() []RoleBinding
	// BindingsFor returns the bindings naming any of the subjects, in
	// creation order.
	BindingsFor(subjects ...Subject) []RoleBinding
	ReplaceBinding(b RoleBinding) (RoleBinding, error)
	DeleteBinding(id string) error

	CreateConnection(c Connection) (Connection, error)
	Connection(id string) (Connection, error)
	Connections() []Connection
	UpdateConnection(id string, edit func(*Connection) error) (Connection, error)
	DeleteConnection(id string) error
	// Unsync turns every user and group synced by the connection into a
	// regular one and returns how many of each changed.
	Unsync(connectionID string) (users, groups int)

	// IssueToken stores t as the connection's only active token.
	IssueToken(t Token) (Token, error)
	RevokeTokens(connectionID string) int
	ActiveTokens() []Token

	// Reset empties the store.
	Reset()
}
