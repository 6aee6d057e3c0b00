package okta

import (
	"maps"
	"slices"
	"time"
)

// User lifecycle states of Okta's Users API.
const (
	StatusStaged        = "STAGED"
	StatusProvisioned   = "PROVISIONED"
	StatusActive        = "ACTIVE"
	StatusSuspended     = "SUSPENDED"
	StatusDeprovisioned = "DEPROVISIONED"
	StatusRecovery      = "RECOVERY"
	StatusPasswordExp   = "PASSWORD_EXPIRED"
	StatusLockedOut     = "LOCKED_OUT"
)

// App, mapping and connection states.
const (
	AppActive      = "ACTIVE"
	AppInactive    = "INACTIVE"
	MappingActive  = "ACTIVE"
	MappingError   = "ERROR"
	MappingOff     = "INACTIVE"
	ConnEnabled    = "ENABLED"
	ConnDisabled   = "DISABLED"
	SyncDone       = "SYNCHRONIZED"
	SyncPending    = "PENDING"
	SyncError      = "ERROR"
	TaskOpen       = "OPEN"
	TaskResolved   = "RESOLVED"
	ScopeUser      = "USER"
	ScopeGroup     = "GROUP"
	ProfileOIN     = "oin"
	ProfileAIW     = "aiw"
	EncodingPct20  = "pct20"
	EncodingPlus   = "plus"
	PushNowPath    = "path"
	PushNowNoPath  = "pathless"
	AuthToken      = "TOKEN"
	AuthHeader     = "HEADER"
	AuthBasic      = "BASIC"
	MinBatchSize   = 100
	MaxBatchSize   = 1000
	GroupTypeOkta  = "OKTA_GROUP"
	SignOnAutoLink = "AUTO_LOGIN"
	SignOnOIDC     = "OPENID_CONNECT"
)

// Profile is an Okta user profile: login, email, firstName, lastName,
// displayName, title, mobilePhone, primaryPhone, locale and custom attributes.
type Profile map[string]any

// String returns the profile attribute k as a string ("" when unset).
func (p Profile) String(k string) string {
	s, _ := p[k].(string)
	return s
}

// User is an Okta user.
type User struct {
	ID              string
	Status          string
	Created         time.Time
	Activated       *time.Time
	StatusChanged   *time.Time
	LastUpdated     time.Time
	PasswordChanged *time.Time
	Profile         Profile
	// PasswordHash is the bcrypt hash of the password, for the OIDC provider.
	PasswordHash []byte
}

func (u User) clone() User {
	u.Profile = maps.Clone(u.Profile)
	u.PasswordHash = append([]byte(nil), u.PasswordHash...)
	return u
}

// Group is an Okta group.
type Group struct {
	ID                    string
	Name                  string
	Description           string
	Created               time.Time
	LastUpdated           time.Time
	LastMembershipUpdated time.Time
}

// Connection is an app's provisioning connection to its SCIM target.
type Connection struct {
	BaseURL    string
	AuthScheme string
	Token      string
	Username   string
	Password   string
	Status     string
}

// Features are the To App switches of an app's provisioning tab.
type Features struct {
	CreateUsers          bool
	UpdateUserAttributes bool
	DeactivateUsers      bool
	PushGroups           bool
}

// AppSettings are the settings that shape the SCIM requests of an app.
type AppSettings struct {
	ClientProfile       string
	MembershipBatchSize int
	FilterEncoding      string
	PushNowShape        string
	SkipTLSVerify       bool
}

// App is a SCIM app integration.
type App struct {
	ID          string
	Name        string
	Label       string
	Status      string
	SignOnMode  string
	Created     time.Time
	LastUpdated time.Time
	Settings    AppSettings
	Connection  *Connection
	Features    Features
	// Mapping maps app-user attributes to Okta profile attributes
	// (userName ← login); see DefaultMapping.
	Mapping map[string]string
	// OIDC is the OAuth client of an OIDC app (sign-on mode OPENID_CONNECT).
	OIDC *OIDCClient
	// Version changes whenever the connection or settings change, so that
	// the engine can rebuild its client.
	Version int
}

// OIDCClient is the OAuth client of an OIDC app of the org authorization
// server. An empty secret makes a public client (PKCE).
type OIDCClient struct {
	ClientID               string
	ClientSecret           string
	RedirectURIs           []string
	PostLogoutRedirectURIs []string
	GrantTypes             []string
}

func (a App) clone() App {
	if a.Connection != nil {
		c := *a.Connection
		a.Connection = &c
	}
	if a.OIDC != nil {
		o := *a.OIDC
		o.RedirectURIs = slices.Clone(o.RedirectURIs)
		o.PostLogoutRedirectURIs = slices.Clone(o.PostLogoutRedirectURIs)
		o.GrantTypes = slices.Clone(o.GrantTypes)
		a.OIDC = &o
	}
	a.Mapping = maps.Clone(a.Mapping)
	return a
}

// provisioning reports whether the app pushes anything at all.
func (a App) provisioning() bool {
	return a.Status == AppActive && a.Connection != nil && a.Connection.Status == ConnEnabled
}

// AppUser is the link between a user and an app. It outlives an assignment:
// Okta keeps the target id so that a reactivated user is reactivated on the
// same target record instead of created again.
type AppUser struct {
	AppID  string
	UserID string
	// Direct is true while the user is assigned directly (scope USER).
	Direct bool
	// Profile holds the app-user profile values an admin set; they override
	// the mapped values.
	Profile      map[string]any
	ExternalID   string
	TargetActive bool
	SyncState    string
	Created      time.Time
	LastUpdated  time.Time
	LastSync     *time.Time
}

func (au AppUser) clone() AppUser {
	au.Profile = maps.Clone(au.Profile)
	return au
}

// AppGroup is a group assigned to an app.
type AppGroup struct {
	AppID       string
	GroupID     string
	Priority    int
	LastUpdated time.Time
}

// PushMapping pushes an Okta group to a group of the app's target.
type PushMapping struct {
	ID              string
	AppID           string
	SourceGroupID   string
	TargetGroupID   string
	TargetGroupName string
	Status          string
	ErrorSummary    string
	LastPush        *time.Time
	Created         time.Time
	LastUpdated     time.Time
	// Pushed maps Okta user ids to the target ids last pushed as members.
	Pushed map[string]string
}

func (m PushMapping) clone() PushMapping {
	m.Pushed = maps.Clone(m.Pushed)
	return m
}

// Task is a failed provisioning step waiting for an admin to retry it.
type Task struct {
	ID        string
	AppID     string
	UserID    string
	GroupID   string
	MappingID string
	// TargetID is the target resource a DELETE_GROUP or DEACTIVATE_USER
	// step acts on, kept for when the Okta record is gone.
	TargetID string
	Kind     string
	Status   string
	Message  string
	Created  time.Time
	Resolved *time.Time
}
