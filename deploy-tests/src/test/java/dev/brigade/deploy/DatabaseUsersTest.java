package dev.brigade.deploy;

import static dev.brigade.deploy.DeployManifestsTest.apps;
import static dev.brigade.deploy.DeployManifestsTest.assertNoProblems;
import static dev.brigade.deploy.DeployManifestsTest.check;
import static dev.brigade.deploy.DeployManifestsTest.deploy;
import static dev.brigade.deploy.DeployManifestsTest.render;
import static dev.brigade.deploy.Manifests.asMap;
import static dev.brigade.deploy.Manifests.list;
import static dev.brigade.deploy.Manifests.map;
import static dev.brigade.deploy.Manifests.str;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Each workload logs in to PostgreSQL as its own user, the owner of its own database and of no other, with credentials
 * of its own (deploy/README.md, "Database users"): init-databases.sql creates the users and databases and takes CONNECT
 * away from everyone else; each service's Deployment (and compose service) reads its user and password from a Secret of
 * its own, whose password PostgreSQL's init script reads too; PostgreSQL's superuser is PostgreSQL's alone.
 */
class DatabaseUsersTest {

    /** The variables PostgreSQL's image takes its superuser from, read on the first start. */
    static final Set<String> SUPERUSER_VARIABLES = Set.of("POSTGRES_USER", "POSTGRES_PASSWORD");
    static final String KEYCLOAK = KeycloakDeploymentTest.KEYCLOAK;
    /** What marks a password in compose.yaml as one for a developer's machine only. */
    static final String DEV_ONLY = "dev-only";

    /** How a workload logs in: the variables of its user, its password and its JDBC URL. */
    record Login(String workload, String userVariable, String passwordVariable, String urlVariable) {
    }

    static InitDatabases sql;

    @BeforeAll
    static void readTheCode() throws IOException {
        if (apps == null) {
            DeployManifestsTest.readTheCode();
        }
        sql = InitDatabases.load(deploy);
    }

    /** The services that have a database (the properties name a db-kind), and Keycloak. */
    static List<Login> logins() {
        List<Login> logins = new ArrayList<>();
        for (App app : apps) {
            if (app.usesDatabase()) {
                logins.add(new Login(app.module(), "DB_USER", "DB_PASSWORD", "QUARKUS_DATASOURCE_JDBC_URL"));
            }
        }
        logins.add(new Login(KEYCLOAK, "KC_DB_USERNAME", "KC_DB_PASSWORD", "KC_DB_URL"));
        return logins;
    }

    @Test
    void theInitScriptGivesEachUserItsOwnDatabaseOnly() {
        List<String> problems = new ArrayList<>();
        String where = "deploy/" + InitDatabases.PATH;
        if (sql.users().isEmpty()) {
            problems.add(where + ": creates no user (CREATE USER name PASSWORD :'variable' ...;, one line)");
        }
        Map<String, String> databaseOf = new LinkedHashMap<>();
        sql.owners().forEach((database, owner) -> {
            if (owner == null || !sql.users().contains(owner)) {
                problems.add(where + ": database " + database + " is owned by " + (owner == null ? "the superuser" : owner)
                        + ", not by a user the script creates (CREATE DATABASE " + database + " OWNER <its user>)");
            } else if (databaseOf.put(owner, database) != null) {
                problems.add(where + ": user " + owner + " owns two databases, " + databaseOf.get(owner) + " and " + database);
            }
            if (!sql.revokedFromPublic().contains(database)) {
                problems.add(where + ": database " + database + " keeps PUBLIC's CONNECT (REVOKE ALL ON DATABASE "
                        + database + " FROM PUBLIC): every user could connect to it");
            }
            Set<String> others = new TreeSet<>(sql.connectGrants().getOrDefault(database, Set.of()));
            others.remove(owner);
            if (!others.isEmpty()) {
                problems.add(where + ": database " + database + " is granted to " + others + " besides its owner " + owner);
            }
            if (owner != null && !sql.connectGrants().getOrDefault(database, Set.of()).contains(owner)) {
                problems.add(where + ": no GRANT CONNECT ON DATABASE " + database + " TO " + owner);
            }
        });
        for (String maintenance : List.of("postgres", "template1")) {
            if (!sql.revokedFromPublic().contains(maintenance)) {
                problems.add(where + ": the maintenance database " + maintenance + " keeps PUBLIC's CONNECT: every user "
                        + "could connect to it (REVOKE CONNECT, TEMPORARY ON DATABASE " + maintenance + " FROM PUBLIC)");
            }
        }
        for (String user : sql.users()) {
            if (!databaseOf.containsKey(user)) {
                problems.add(where + ": user " + user + " owns no database (each user is there for one database)");
            }
            if (sql.passwordVariable(user).isEmpty()) {
                problems.add(where + ": user " + user + "'s password is not read from PostgreSQL's environment "
                        + "(\\getenv var VARIABLE, then CREATE USER " + user + " PASSWORD :'var')");
            }
            java.util.regex.Matcher powerful = InitDatabases.POWERFUL.matcher(sql.userOptions().get(user));
            if (powerful.find()) {
                problems.add(where + ": user " + user + " is created " + powerful.group(1) + ": more than the owner of "
                        + "one database");
            }
        }
        Set<String> variables = new TreeSet<>();
        sql.users().forEach(u -> sql.passwordVariable(u).ifPresent(v -> {
            if (!variables.add(v)) {
                problems.add(where + ": " + v + " is the password of two users");
            }
        }));
        sql.otherGrants().forEach(g -> problems.add(where + ": `" + g + "`: a user gets nothing but its own database"));
        sql.roleChanges().forEach(g -> problems.add(where + ": `" + g + "`: the users are created once, as they are"));
        assertNoProblems(problems);
    }

    /**
     * Each workload's database user and password come from one Secret of its own; the user is the one init-databases.sql
     * makes the owner of the database in the workload's URL; PostgreSQL creates it with the password of the same Secret
     * key; no two workloads share a user, and none is the superuser.
     */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"k8s/base", "k8s/overlays/kind", ProductionOverlayTest.PRODUCTION})
    void kubernetesGivesEachWorkloadItsOwnDatabaseUser(String kustomization) throws Exception {
        Manifests k8s = render(kustomization);
        List<String> problems = new ArrayList<>();
        boolean production = kustomization.equals(ProductionOverlayTest.PRODUCTION);
        // production renders no Secret: the values are the README's `kubectl create secret` literals
        Map<String, ProductionOverlayTest.CreatedSecret> created = production
                ? ProductionOverlayTest.createdSecrets(ProductionOverlayTest.productionSection(), problems) : Map.of();

        Map.Entry<String, Map<String, Object>> postgres = postgresContainer(kustomization, k8s, problems);
        Map<String, Object> postgresContainer = postgres == null ? Map.of() : postgres.getValue();
        Optional<String> superuser = value(k8s, kustomization, created, postgresContainer, "POSTGRES_USER", problems);

        Map<String, String> userOf = new LinkedHashMap<>();
        Map<String, String> secretOf = new LinkedHashMap<>();
        for (Login login : logins()) {
            String where = kustomization + " Deployment " + login.workload();
            Optional<Map<String, Object>> deployment = k8s.find("Deployment", login.workload());
            if (deployment.isEmpty()) {
                problems.add(where + ": missing");
                continue;
            }
            Map<String, Object> container = Manifests.mainContainer(deployment.get());
            Optional<String> url = value(k8s, kustomization, created, container, login.urlVariable(), problems);
            Optional<String> database = url.flatMap(InitDatabases::database);
            if (database.isEmpty()) {
                problems.add(where + ": " + login.urlVariable() + " " + url.orElse("(unset)") + " names no PostgreSQL database");
                continue;
            }
            Optional<String> owner = sql.owner(database.get());
            if (owner.isEmpty()) {
                problems.add(where + ": database " + database.get() + " is not created with an owner by init-databases.sql");
                continue;
            }

            Optional<SecretKey> password = secretKey(container, login.passwordVariable());
            Optional<SecretKey> user = secretKey(container, login.userVariable());
            if (password.isEmpty()) {
                problems.add(where + ": " + login.passwordVariable() + " is not taken from a Secret");
                continue;
            }
            if (user.isPresent() && !user.get().secret().equals(password.get().secret())) {
                problems.add(where + ": " + login.userVariable() + " (Secret " + user.get().secret() + ") and "
                        + login.passwordVariable() + " (Secret " + password.get().secret() + ") come from two Secrets: "
                        + "one Secret of its own holds a workload's database login");
            }
            if (user.isEmpty() && !login.workload().equals(KEYCLOAK)) {
                problems.add(where + ": " + login.userVariable() + " is not taken from the Secret of its password, "
                        + password.get().secret());
            }
            String previous = secretOf.put(password.get().secret(), login.workload());
            if (previous != null) {
                problems.add(kustomization + ": " + previous + " and " + login.workload() + " read their database password "
                        + "from one Secret, " + password.get().secret() + ": each has a Secret of its own");
            }

            Optional<String> userName = value(k8s, kustomization, created, container, login.userVariable(), problems);
            check(problems, where + ": " + login.userVariable() + ", the owner of database " + database.get()
                    + " in init-databases.sql", owner.get(), userName.orElse(null));
            String other = userOf.put(userName.orElse(owner.get()), login.workload());
            if (other != null) {
                problems.add(kustomization + ": " + other + " and " + login.workload() + " log in as one database user, "
                        + userName.orElse(owner.get()));
            }
            if (superuser.isPresent() && superuser.equals(userName)) {
                problems.add(where + ": logs in as PostgreSQL's superuser " + superuser.get());
            }

            // PostgreSQL creates the user with the password the workload logs in with: one Secret key on both sides
            Optional<String> variable = sql.passwordVariable(owner.get());
            if (variable.isEmpty()) {
                problems.add("init-databases.sql: the password of " + owner.get() + " is not read from the environment");
            } else if (postgres != null) {
                Optional<SecretKey> initSide = secretKey(postgresContainer, variable.get());
                check(problems, kustomization + " " + postgres.getKey() + ": " + variable.get() + " (init-databases.sql "
                        + "creates " + owner.get() + " with it) vs " + login.workload() + "'s " + login.passwordVariable(),
                        password, initSide);
            }
        }
        assertNoProblems(problems);
    }

    /** The superuser's Secret is read by PostgreSQL's own workload, and by no other. */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"k8s/base", "k8s/overlays/kind", ProductionOverlayTest.PRODUCTION})
    void onlyPostgresReadsTheSuperusersSecret(String kustomization) throws Exception {
        Manifests k8s = render(kustomization);
        List<String> problems = new ArrayList<>();
        Map.Entry<String, Map<String, Object>> postgres = postgresContainer(kustomization, k8s, problems);
        if (postgres == null) {
            assertNoProblems(problems);
            return;
        }
        Set<String> superuserSecrets = new TreeSet<>();
        for (String variable : SUPERUSER_VARIABLES) {
            Optional<SecretKey> key = secretKey(postgres.getValue(), variable);
            if (key.isEmpty()) {
                problems.add(kustomization + " " + postgres.getKey() + ": " + variable + " is not taken from a Secret");
            }
            key.ifPresent(k -> superuserSecrets.add(k.secret()));
        }
        String workload = postgres.getKey().substring(0, postgres.getKey().indexOf(' '));
        for (ProductionOverlayTest.SecretReference ref : ProductionOverlayTest.secretReferences(kustomization, k8s)) {
            if (superuserSecrets.contains(ref.name()) && !ref.where().startsWith(kustomization + " " + workload + " ")) {
                problems.add(ref.where() + ": reads Secret " + ref.name() + ", PostgreSQL's superuser's: only "
                        + workload + " may (each workload logs in as its own user, deploy/README.md \"Database users\")");
            }
        }
        // nor is any of the superuser's Secret's keys what PostgreSQL creates a user with
        Map<String, Object> container = postgres.getValue();
        for (String variable : Manifests.envEntries(container).keySet()) {
            Optional<SecretKey> key = secretKey(container, variable);
            if (!SUPERUSER_VARIABLES.contains(variable) && key.isPresent() && superuserSecrets.contains(key.get().secret())) {
                problems.add(kustomization + " " + postgres.getKey() + ": " + variable + " comes from the superuser's Secret "
                        + key.get().secret());
            }
        }
        assertNoProblems(problems);
    }

    /** compose.yaml: the same users, each service its own, with passwords marked dev-only, as PostgreSQL creates them. */
    @Test
    void composeGivesEachServiceItsOwnDatabaseUser() {
        Map<String, Object> services = map(Manifests.parseAll(App.read(deploy.resolve("compose.yaml"))).get(0), "services");
        List<String> problems = new ArrayList<>();
        Map<String, String> postgres = environment(map(services, "postgres"));
        if (postgres.isEmpty()) {
            throw new AssertionError("compose.yaml: no postgres service with an environment");
        }
        String superuser = postgres.get("POSTGRES_USER");
        if (!String.valueOf(postgres.get("POSTGRES_PASSWORD")).contains(DEV_ONLY)) {
            problems.add("compose.yaml postgres: POSTGRES_PASSWORD is not marked " + DEV_ONLY);
        }
        Map<String, String> userOf = new LinkedHashMap<>();
        for (Login login : logins()) {
            String where = "compose.yaml " + login.workload();
            Map<String, String> env = environment(map(services, login.workload()));
            if (env.isEmpty()) {
                problems.add(where + ": missing");
                continue;
            }
            Optional<String> database = InitDatabases.database(env.get(login.urlVariable()));
            if (database.isEmpty()) {
                problems.add(where + ": " + login.urlVariable() + " " + env.get(login.urlVariable())
                        + " names no PostgreSQL database");
                continue;
            }
            Optional<String> owner = sql.owner(database.get());
            if (owner.isEmpty()) {
                problems.add(where + ": database " + database.get() + " is not created with an owner by init-databases.sql");
                continue;
            }
            String user = env.get(login.userVariable());
            check(problems, where + ": " + login.userVariable() + ", the owner of database " + database.get()
                    + " in init-databases.sql", owner.get(), user);
            if (Objects.equals(user, superuser)) {
                problems.add(where + ": logs in as PostgreSQL's superuser " + superuser);
            }
            String other = userOf.put(String.valueOf(user), login.workload());
            if (other != null) {
                problems.add("compose.yaml: " + other + " and " + login.workload() + " log in as one database user, " + user);
            }
            String password = env.get(login.passwordVariable());
            if (password == null || !password.contains(DEV_ONLY)) {
                problems.add(where + ": " + login.passwordVariable() + " is not marked " + DEV_ONLY + " (" + password + ")");
            }
            Optional<String> variable = sql.passwordVariable(owner.get());
            variable.ifPresent(v -> check(problems, "compose.yaml postgres: " + v + " (init-databases.sql creates "
                    + owner.get() + " with it) vs " + login.workload() + "'s " + login.passwordVariable(), password,
                    postgres.get(v)));
        }
        assertNoProblems(problems);
    }

    // ---------------------------------------------------------------- helpers

    /** One key of one Secret. */
    record SecretKey(String secret, String key) {
    }

    static Optional<SecretKey> secretKey(Map<String, Object> container, String variable) {
        Map<String, Object> ref = map(map(asMap(Manifests.envEntries(container).get(variable)), "valueFrom"), "secretKeyRef");
        return ref.isEmpty() ? Optional.empty() : Optional.of(new SecretKey(str(ref.get("name")), str(ref.get("key"))));
    }

    /** "StatefulSet/postgres postgres" and its container: the one whose environment sets the superuser. */
    static Map.Entry<String, Map<String, Object>> postgresContainer(String kustomization, Manifests k8s, List<String> problems) {
        List<Map.Entry<String, Map<String, Object>>> found = k8s.allContainers().entrySet().stream()
                .filter(e -> Manifests.envEntries(e.getValue()).containsKey("POSTGRES_PASSWORD"))
                .toList();
        if (found.size() != 1) {
            problems.add(kustomization + ": expected one PostgreSQL container (POSTGRES_PASSWORD), found "
                    + found.stream().map(Map.Entry::getKey).toList());
            return null;
        }
        return found.get(0);
    }

    /**
     * A variable's value: a literal, a ConfigMap's or a rendered Secret's; in production, where no Secret is rendered, the
     * plain literal the README's {@code kubectl create secret} gives that key.
     */
    private static Optional<String> value(Manifests k8s, String kustomization, Map<String, ProductionOverlayTest.CreatedSecret> created,
            Map<String, Object> container, String variable, List<String> problems) {
        Optional<SecretKey> key = secretKey(container, variable);
        if (key.isPresent() && !created.isEmpty()) {
            ProductionOverlayTest.CreatedSecret secret = created.get(key.get().secret());
            String literal = secret == null ? null : secret.literals().get(key.get().key());
            if (literal == null) {
                problems.add(kustomization + ": " + variable + " comes from key " + key.get().key() + " of Secret "
                        + key.get().secret() + ", which deploy/README.md does not create as a plain literal "
                        + "(--from-literal=" + key.get().key() + "=<value>)");
            }
            return Optional.ofNullable(literal);
        }
        Map<String, Object> only = new LinkedHashMap<>(container);
        only.put("env", list(container, "env").stream()
                .filter(e -> variable.equals(str(asMap(e).get("name")))).toList());
        List<String> found = new ArrayList<>();
        Optional<String> value = Optional.ofNullable(k8s.environment(kustomization, only, found).get(variable));
        problems.addAll(found);
        return value;
    }

    private static Map<String, String> environment(Map<String, Object> service) {
        Map<String, String> env = new LinkedHashMap<>();
        map(service, "environment").forEach((k, v) -> env.put(k, str(v)));
        return env;
    }
}
