@scim
Feature: Users in synced groups appear in Cast AI
  Guide: "Users added to synced groups are provisioned", "memberships stay in sync".
  Okta provisions every user assigned to the Cast AI app, directly or through an
  assigned group, and pushes the memberships of the groups it pushes. Okta's
  pushes are asynchronous: until one has been sent, Okta shows it as pending.

  Background:
    Given the Okta app "Cast AI" provisions users and groups to Cast AI
    And these people in Okta:
      | name        | email                 | title         | mobile phone   |
      | Alice Jones | alice.jones@acme.test | Platform Lead | +1 415 555 0101 |
      | Bob Smith   | bob.smith@acme.test   | SRE           | +1 415 555 0102 |

  Scenario: A user added to a synced group appears in Cast AI as a member of that group
    Given the Okta group "Platform" is assigned to the app and pushed to Cast AI
    When an Okta admin adds "Alice" to the group "Platform"
    Then Cast AI has the user "Alice"
    And in Cast AI "Alice" is a member of the group "Platform"
    And Okta shows "Alice" as provisioned in the app

  Scenario: Members of a group already in Okta arrive with the group
    Given the Okta group "Platform" with the members "Alice" and "Bob"
    When an Okta admin assigns the group "Platform" to the app
    And an Okta admin pushes the group "Platform" to Cast AI
    Then Cast AI has the group "Platform" with the members "Alice" and "Bob"

  Scenario: A directly assigned user is provisioned without any group
    When an Okta admin assigns "Bob" to the app
    Then Cast AI has the user "Bob"
    And Cast AI shows "Bob" as active

  @serial
  Scenario: Okta shows a push as pending until it has been sent
    Given the Okta group "Platform" is assigned to the app and pushed to Cast AI
    And Okta holds its pushes
    When an Okta admin adds "Alice" to the group "Platform"
    Then Okta shows a pending push for the group "Platform"
    And Cast AI does not have the user "Alice"
    When Okta sends its held pushes
    Then in Cast AI "Alice" is a member of the group "Platform"
    And Okta shows no pending push for the group "Platform"
