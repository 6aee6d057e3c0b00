@console
Feature: Roles and resource access on a synced group survive every sync
  Guide: "Roles and resource access are managed in Cast AI and are not
  overwritten by sync." Bindings on a synced group reach its members, at
  organization or cluster scope, through renames, membership changes and
  Push Now.

  Background:
    Given the Okta app "Cast AI" provisions users and groups to Cast AI
    And these people in Okta:
      | name        | email                 | title         | mobile phone   |
      | Alice Jones | alice.jones@acme.test | Platform Lead | +1 415 555 0101 |
      | Bob Smith   | bob.smith@acme.test   | SRE           | +1 415 555 0102 |
      | Carol White | carol.white@acme.test | Data Engineer | +1 415 555 0103 |
    And the Okta group "Platform" with the members "Alice" and "Bob"
    And the Okta group "Platform" is assigned to the app and pushed to Cast AI
    And in Cast AI the group "Platform" is bound to the "Member" role on the organization
    And in Cast AI the group "Platform" is bound to the "Analyst" role on the cluster "prod-eu"

  Scenario: Members get the group's access at organization and cluster scope
    Then "Alice" has the "Member" role on the organization through the group "Platform"
    And "Bob" has the "Analyst" role on the cluster "prod-eu" through the group "Platform"

  Scenario: A rename in Okta keeps the bindings
    When an Okta admin renames the group "Platform" to "Platform Engineering"
    Then Cast AI has the group "Platform Engineering" with the members "Alice" and "Bob"
    And the Cast AI group "Platform Engineering" still has its 2 role bindings
    And "Alice" has the "Analyst" role on the cluster "prod-eu" through the group "Platform Engineering"

  Scenario: Membership changes keep the bindings and move the access
    When an Okta admin adds "Carol" to the group "Platform"
    And an Okta admin removes "Bob" from the group "Platform"
    Then "Carol" has the "Member" role on the organization through the group "Platform"
    And "Bob" has no access through the group "Platform"
    And the Cast AI group "Platform" still has its 2 role bindings

  Scenario: Push Now keeps the bindings
    When an Okta admin clicks Push Now for the group "Platform"
    Then Cast AI has the group "Platform" with the members "Alice" and "Bob"
    And the Cast AI group "Platform" still has its 2 role bindings
    And "Bob" has the "Member" role on the organization through the group "Platform"
