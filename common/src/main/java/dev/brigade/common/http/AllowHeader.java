package dev.brigade.common.http;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.spi.Bean;
import jakarta.enterprise.inject.spi.BeanManager;
import jakarta.ws.rs.HttpMethod;
import jakarta.ws.rs.Path;

import io.quarkus.vertx.http.runtime.filters.Filters;
import io.vertx.ext.web.RoutingContext;

/**
 * Makes a plain {@code OPTIONS}, and a 405, answer {@code Allow} with the methods of the resource at that path. Quarkus REST
 * lists the methods of the whole resource class instead (so {@code OPTIONS /api/products} would claim {@code PUT}
 * and {@code DELETE}, which only {@code /api/products/{id}} has); this filter corrects the header.
 */
@ApplicationScoped
public class AllowHeader {

    private final List<Route> routes = new ArrayList<>();

    AllowHeader(BeanManager beans) {
        Map<String, Set<String>> methodsByTemplate = new TreeMap<>();
        for (Bean<?> bean : beans.getBeans(Object.class, Any.Literal.INSTANCE)) {
            Class<?> type = bean.getBeanClass();
            Path classPath = type.getAnnotation(Path.class);
            if (classPath == null) {
                continue;
            }
            for (Method method : type.getMethods()) {
                String verb = httpMethodOf(method);
                if (verb != null) {
                    Path methodPath = method.getAnnotation(Path.class);
                    String template = join(classPath.value(), methodPath == null ? "" : methodPath.value());
                    methodsByTemplate.computeIfAbsent(template, t -> new TreeSet<>()).add(verb);
                }
            }
        }
        methodsByTemplate.forEach((template, methods) -> routes.add(Route.of(template, methods)));
        // JAX-RS prefers the template with the most literal characters when two match.
        routes.sort(Comparator.comparingInt(Route::literalLength).reversed());
    }

    void register(@Observes Filters filters) {
        filters.register(this::handle, 9_000);
    }

    void handle(RoutingContext context) {
        boolean options = context.request().method() == io.vertx.core.http.HttpMethod.OPTIONS;
        context.addHeadersEndHandler(ignored -> {
            var response = context.response();
            if ((options && response.headers().contains("Allow")) || response.getStatusCode() == 405) {
                allowedAt(context.normalizedPath()).ifPresent(allow -> response.headers().set("Allow", allow));
            }
        });
        context.next();
    }

    Optional<String> allowedAt(String path) {
        return routes.stream().filter(route -> route.pattern().matcher(path).matches()).findFirst().map(Route::allow);
    }

    private static String httpMethodOf(Method method) {
        for (var annotation : method.getAnnotations()) {
            HttpMethod verb = annotation.annotationType().getAnnotation(HttpMethod.class);
            if (verb != null) {
                return verb.value();
            }
        }
        return null;
    }

    private static String join(String classPath, String methodPath) {
        String joined = ("/" + classPath + "/" + methodPath).replaceAll("/+", "/");
        return joined.length() > 1 && joined.endsWith("/") ? joined.substring(0, joined.length() - 1) : joined;
    }

    record Route(Pattern pattern, int literalLength, String allow) {

        private static final Pattern PARAMETER = Pattern.compile("\\{\\s*\\w[\\w.-]*\\s*(?::\\s*((?:[^{}]|\\{[^{}]*})*))?}");

        static Route of(String template, Set<String> methods) {
            StringBuilder regex = new StringBuilder();
            int literal = 0;
            int last = 0;
            Matcher parameter = PARAMETER.matcher(template);
            while (parameter.find()) {
                String text = template.substring(last, parameter.start());
                regex.append(Pattern.quote(text));
                literal += text.length();
                regex.append('(').append(parameter.group(1) != null ? parameter.group(1).trim() : "[^/]+").append(')');
                last = parameter.end();
            }
            String tail = template.substring(last);
            regex.append(Pattern.quote(tail)).append("/?");
            literal += tail.length();

            Set<String> allowed = new TreeSet<>(methods);
            allowed.add("OPTIONS");
            if (allowed.contains("GET")) {
                allowed.add("HEAD");
            }
            return new Route(Pattern.compile(regex.toString()), literal, String.join(", ", allowed));
        }
    }
}
