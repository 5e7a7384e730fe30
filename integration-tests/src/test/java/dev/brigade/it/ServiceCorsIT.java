package dev.brigade.it;

import static io.restassured.RestAssured.given;

import java.util.Set;

import org.junit.jupiter.api.Nested;

import dev.brigade.it.KeycloakLogin.User;
import dev.brigade.it.RunningServices.Service;
import dev.brigade.testing.CorsContract;
import io.restassured.specification.RequestSpecification;

/** The same CORS contract the services test on themselves, against each packaged service as the page sees it. */
class ServiceCorsIT {

    abstract static class AgainstRunningService extends CorsContract {

        abstract Service service();

        /** Who reads the resource: nobody for the public catalog; the lists of orders and children need a token. */
        User caller() {
            return null;
        }

        @Override
        protected RequestSpecification request() {
            RequestSpecification request = given().baseUri(RunningServices.get().url(service()));
            return caller() == null ? request : request.auth().oauth2(KeycloakLogin.token(caller()));
        }

        @Override
        protected String allowedOrigin() {
            return RunningServices.get().frontendOrigin();
        }
    }

    @Nested
    class Catalog extends AgainstRunningService {
        @Override
        Service service() {
            return Service.CATALOG;
        }

        @Override
        protected String resourcePath() {
            return "/api/products";
        }

        @Override
        protected Set<String> resourceMethods() {
            return Set.of("GET", "POST");
        }
    }

    @Nested
    class Orders extends AgainstRunningService {
        @Override
        Service service() {
            return Service.ORDER;
        }

        @Override
        User caller() {
            return User.ALICE;
        }

        @Override
        protected String resourcePath() {
            return "/api/orders";
        }

        @Override
        protected Set<String> resourceMethods() {
            return Set.of("GET", "POST");
        }
    }

    @Nested
    class Worker extends AgainstRunningService {
        @Override
        Service service() {
            return Service.WORKER;
        }

        @Override
        User caller() {
            return User.SAM;
        }

        @Override
        protected String resourcePath() {
            return "/api/workers";
        }

        @Override
        protected Set<String> resourceMethods() {
            return Set.of("GET");
        }
    }
}
