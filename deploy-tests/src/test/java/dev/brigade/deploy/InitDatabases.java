package dev.brigade.deploy;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * deploy/k8s/base/postgres/init-databases.sql as far as the checks need it: the users it creates (their attributes and
 * the environment variable each password comes from), the databases and their owners, who may connect to which.
 * One statement per line, as the file is written.
 */
record InitDatabases(Path file, Map<String, String> environmentOfPsqlVariable, Map<String, String> userOptions,
        Map<String, String> owners, Set<String> revokedFromPublic, Map<String, Set<String>> connectGrants,
        List<String> otherGrants, List<String> roleChanges) {

    static final String PATH = "k8s/base/postgres/init-databases.sql";

    private static final Pattern GETENV = Pattern.compile("(?m)^\\\\getenv\\s+(\\w+)\\s+([A-Z][A-Z0-9_]*)\\s*$");
    private static final Pattern CREATE_USER = Pattern.compile("(?im)^CREATE\\s+(?:USER|ROLE)\\s+(\\w+)\\b([^;]*);");
    private static final Pattern CREATE_DATABASE = Pattern.compile("(?im)^CREATE\\s+DATABASE\\s+(\\w+)\\b([^;]*);");
    private static final Pattern OWNER = Pattern.compile("(?i)\\bOWNER\\s*=?\\s*(\\w+)");
    private static final Pattern PASSWORD = Pattern.compile("(?i)\\bPASSWORD\\s+:'(\\w+)'");
    private static final Pattern REVOKE = Pattern.compile("(?im)^REVOKE\\s+(.*?)\\s+ON\\s+DATABASE\\s+(\\w+)\\s+FROM\\s+PUBLIC\\s*;");
    private static final Pattern GRANT_ON_DATABASE =
            Pattern.compile("(?i)^GRANT\\s+(.*?)\\s+ON\\s+DATABASE\\s+(\\w+)\\s+TO\\s+([\\w\\s,]+?)\\s*;\\s*$");
    private static final Pattern GRANT = Pattern.compile("(?im)^GRANT\\b.*$");
    private static final Pattern ROLE_CHANGE = Pattern.compile("(?im)^(ALTER\\s+(?:USER|ROLE)\\b.*|SET\\s+ROLE\\b.*)$");
    /** Attributes that give a user more than its own database: allowed only as their NO... form. */
    static final Pattern POWERFUL = Pattern.compile("(?i)(?<!NO)\\b(SUPERUSER|CREATEDB|CREATEROLE|REPLICATION|BYPASSRLS)\\b");

    static InitDatabases load(Path deploy) {
        Path file = deploy.resolve(PATH);
        String sql = App.read(file).replaceAll("(?m)--.*$", "");
        Map<String, String> env = new LinkedHashMap<>();
        Matcher m = GETENV.matcher(sql);
        while (m.find()) {
            env.put(m.group(1), m.group(2));
        }
        Map<String, String> users = new LinkedHashMap<>();
        for (m = CREATE_USER.matcher(sql); m.find(); ) {
            users.put(m.group(1), m.group(2).strip());
        }
        Map<String, String> owners = new LinkedHashMap<>();
        for (m = CREATE_DATABASE.matcher(sql); m.find(); ) {
            Matcher owner = OWNER.matcher(m.group(2));
            owners.put(m.group(1), owner.find() ? owner.group(1) : null);
        }
        Set<String> revoked = new LinkedHashSet<>();
        for (m = REVOKE.matcher(sql); m.find(); ) {
            if (m.group(1).matches("(?i).*\\b(ALL|CONNECT)\\b.*")) {
                revoked.add(m.group(2));
            }
        }
        Map<String, Set<String>> grants = new LinkedHashMap<>();
        List<String> other = new ArrayList<>();
        for (m = GRANT.matcher(sql); m.find(); ) {
            Matcher onDatabase = GRANT_ON_DATABASE.matcher(m.group().strip());
            if (onDatabase.matches()) {
                for (String grantee : onDatabase.group(3).split(",")) {
                    grants.computeIfAbsent(onDatabase.group(2), d -> new LinkedHashSet<>()).add(grantee.strip());
                }
            } else {
                other.add(m.group().strip());
            }
        }
        List<String> roleChanges = new ArrayList<>();
        for (m = ROLE_CHANGE.matcher(sql); m.find(); ) {
            roleChanges.add(m.group().strip());
        }
        return new InitDatabases(file, env, users, owners, revoked, grants, other, roleChanges);
    }

    Set<String> users() {
        return userOptions.keySet();
    }

    /** The environment variable the user's password comes from ({@code PASSWORD :'var'} and {@code \getenv var ENV}). */
    Optional<String> passwordVariable(String user) {
        String options = userOptions.get(user);
        if (options == null) {
            return Optional.empty();
        }
        Matcher m = PASSWORD.matcher(options);
        return m.find() ? Optional.ofNullable(environmentOfPsqlVariable.get(m.group(1))) : Optional.empty();
    }

    /** The user that owns the database, if the script creates it with an owner. */
    Optional<String> owner(String database) {
        return Optional.ofNullable(owners.get(database));
    }

    /** The database in a JDBC URL ({@code jdbc:postgresql://host:port/NAME?...}), if it is one. */
    static Optional<String> database(String jdbcUrl) {
        Matcher m = Pattern.compile("^jdbc:postgresql://[^/]+/([A-Za-z0-9_]+)").matcher(jdbcUrl == null ? "" : jdbcUrl.strip());
        return m.find() ? Optional.of(m.group(1)) : Optional.empty();
    }
}
