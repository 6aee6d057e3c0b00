package okta

import (
	"context"
	"errors"
)

// Sentinel errors every Store returns, compared with errors.Is.
var (
	// ErrNotFound means the record does not exist.
	ErrNotFound = errors.New("not found")
	// ErrConflict means a record with the same id or unique key exists.
	ErrConflict = errors.New("conflict")
)

// Store holds the directory of the fake Okta: users, groups and memberships,
// apps with their assignments and push mappings, and provisioning tasks.
// Implementations are safe for concurrent use and hand out copies, so callers
// may modify what they get without affecting the store.
//
// Lists come back in creation order.
type Store interface {
	CreateUser(ctx context.Context, u User) error
	GetUser(ctx context.Context, id string) (User, error)
	// GetUserByLogin finds a user by login, ignoring case as Okta does.
	GetUserByLogin(ctx context.Context, login string) (User, error)
	ListUsers(ctx context.Context) ([]User, error)
	UpdateUser(ctx context.Context, u User) error
	DeleteUser(ctx context.Context, id string) error

	CreateGroup(ctx context.Context, g Group) error
	GetGroup(ctx context.Context, id string) (Group, error)
	ListGroups(ctx context.Context) ([]Group, error)
	// GroupIDsByName finds groups by name, ignoring case.
	GroupIDsByName(ctx context.Context, name string) ([]string, error)
	UpdateGroup(ctx context.Context, g Group) error
	DeleteGroup(ctx context.Context, id string) error

	// AddMember is idempotent; both ids must exist.
	AddMember(ctx context.Context, groupID, userID string) error
	RemoveMember(ctx context.Context, groupID, userID string) error
	ListMembers(ctx context.Context, groupID string) ([]string, error)
	ListUserGroups(ctx context.Context, userID string) ([]string, error)

	CreateApp(ctx context.Context, a App) error
	GetApp(ctx context.Context, id string) (App, error)
	ListApps(ctx context.Context) ([]App, error)
	UpdateApp(ctx context.Context, a App) error
	DeleteApp(ctx context.Context, id string) error

	// PutAppUser creates or replaces the app user of (AppID, UserID).
	PutAppUser(ctx context.Context, au AppUser) error
	GetAppUser(ctx context.Context, appID, userID string) (AppUser, error)
	ListAppUsers(ctx context.Context, appID string) ([]AppUser, error)
	DeleteAppUser(ctx context.Context, appID, userID string) error

	// PutAppGroup creates or replaces the assignment of (AppID, GroupID).
	PutAppGroup(ctx context.Context, ag AppGroup) error
	GetAppGroup(ctx context.Context, appID, groupID string) (AppGroup, error)
	ListAppGroups(ctx context.Context, appID string) ([]AppGroup, error)
	DeleteAppGroup(ctx context.Context, appID, groupID string) error

	// CreatePushMapping refuses a second mapping of the same source group in
	// the same app with ErrConflict.
	CreatePushMapping(ctx context.Context, m PushMapping) error
	GetPushMapping(ctx context.Context, id string) (PushMapping, error)
	ListPushMappings(ctx context.Context, appID string) ([]PushMapping, error)
	// ListGroupPushMappings lists the mappings of one source group, all apps.
	ListGroupPushMappings(ctx context.Context, groupID string) ([]PushMapping, error)
	UpdatePushMapping(ctx context.Context, m PushMapping) error
	DeletePushMapping(ctx context.Context, id string) error

	CreateTask(ctx context.Context, t Task) error
	GetTask(ctx context.Context, id string) (Task, error)
	ListTasks(ctx context.Context) ([]Task, error)
	UpdateTask(ctx context.Context, t Task) error

	// Clear removes everything.
	Clear(ctx context.Context) error
}
