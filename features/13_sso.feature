@console @sso
Feature: Signing in to Cast AI with Okta
  Guide: a deactivated user "is unable to authenticate via SSO", "any active
  sessions will be terminated on the next action attempt", and people who sign
  in for the first time get the SSO connection's default role. Cast AI signs
  people in through an Okta OIDC app; the harness signs in over HTTP like a
  browser (cookies, redirects, Okta's sign-in form), so no browser is needed.

  Background:
    Given a Cast AI SSO connection for Okta with group sync turned on
    And the Okta app "Cast AI" provisions users and groups through that SSO connection
    And Okta signs users in to Cast AI with the OIDC app "Cast AI SSO"
    And these people in Okta:
      | name        | email                 |
      | Alice Jones | alice.jones@acme.test |
      | Bob Smith   | bob.smith@acme.test   |
    And the Okta group "Engineering" with the members "Alice" and "Bob"
    And the group "Engineering" may sign in to Cast AI

  Scenario: A deactivated user cannot sign in, not even with a code Okta gave her earlier
    Given the group "Engineering" is assigned to the app
    And Okta has sent "Alice" back to Cast AI with a sign-in code she has not used yet
    When an Okta admin deactivates "Alice"
    Then Okta refuses to sign "Alice" in
    And Cast AI refuses "Alice" arriving with the code Okta gave her earlier
    And the Cast AI console shows "Alice" as inactive

  Scenario: Cast AI refuses a user it shows as inactive, even one Okta signs in
    Given "Bob" is assigned to the app
    And the Cast AI console shows "Bob" as active
    When an Okta admin unassigns "Bob" from the app
    Then the Cast AI console shows "Bob" as inactive
    And Cast AI refuses to sign "Bob" in, saying he is inactive

  Scenario: Deactivation in Okta ends a live Cast AI session at the next action
    Given the group "Engineering" is assigned to the app
    And "Alice" is signed in to Cast AI
    When an Okta admin deactivates "Alice"
    Then the next action of "Alice" in Cast AI is refused because her session was ended
    And "Alice" has no Cast AI session
    When an Okta admin activates "Alice"
    Then the Cast AI console shows "Alice" as active
    And "Alice" can sign in to Cast AI again

  Scenario: A first sign-in makes a new joiner; a changed default role applies to later joiners
    When "Alice" signs in to Cast AI for the first time
    Then "Alice" has the "Viewer" role on the organization as a new joiner
    When a Cast AI admin changes the default role for new joiners to "Member" with the client secret
    And "Bob" signs in to Cast AI for the first time
    Then "Bob" has the "Member" role on the organization as a new joiner
    And "Alice" has the "Viewer" role on the organization as a new joiner
    And "Alice" does not have the "Member" role on the organization
