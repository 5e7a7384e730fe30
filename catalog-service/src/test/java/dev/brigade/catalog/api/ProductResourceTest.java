package dev.brigade.catalog.api;

import static dev.brigade.testing.Tokens.Who.STAFF;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

@Tag("sql")
@QuarkusTest
class ProductResourceTest {

    static Map<String, Object> product(String name, int stock) {
        return Map.of("name", name, "description", "A test product", "category", "kitchen",
                "priceCents", 1234, "currency", "EUR", "stock", stock);
    }

    /** A replace's body: what a product is and costs, not its stock. */
    static Map<String, Object> change(String name) {
        return Map.of("name", name, "description", "A test product", "category", "kitchen",
                "priceCents", 1234, "currency", "EUR");
    }

    static long create(Map<String, Object> body) {
        return STAFF.request().contentType(ContentType.JSON).body(body)
                .post("/api/products")
                .then().statusCode(201).extract().jsonPath().getLong("id");
    }

    @Test
    void theSeededCatalogueHasCategoriesAndPages() {
        STAFF.request().get("/api/categories").then().statusCode(200)
                .body("$", hasSize(greaterThanOrEqualTo(4)))
                .body("slug", hasItem("pantry"))
                .body("find { it.slug == 'pantry' }.productCount", equalTo(6));
        STAFF.request().queryParam("size", 5).get("/api/products").then().statusCode(200)
                .body("items", hasSize(5)).body("page", equalTo(0)).body("size", equalTo(5))
                .body("total", greaterThanOrEqualTo(24));
        STAFF.request().queryParam("category", "pantry").queryParam("size", 4).queryParam("page", 1)
                .get("/api/products").then().statusCode(200)
                .body("total", equalTo(6)).body("items", hasSize(2)).body("items.category", everyItem(equalTo("pantry")));
    }

    @Test
    void searchMatchesNameAndDescriptionInAnyCase() {
        STAFF.request().queryParam("q", "SPAGHETTI").get("/api/products").then().statusCode(200)
                .body("items.name", hasItem("Bronze-Cut Spaghetti 1 kg"));
        STAFF.request().queryParam("q", "jasmine").get("/api/products").then().statusCode(200)
                .body("items.name", hasItem("Single-Origin Beans 1 kg"));
        STAFF.request().queryParam("q", "100%").get("/api/products").then().statusCode(200).body("total", equalTo(0));
    }

    @Test
    void sortingByPriceDescendingPutsTheDearestFirst() {
        List<Integer> prices = STAFF.request().queryParam("sort", "-price").queryParam("size", 10).get("/api/products")
                .then().statusCode(200).extract().jsonPath().getList("items.priceCents", Integer.class);
        for (int i = 1; i < prices.size(); i++) {
            org.junit.jupiter.api.Assertions.assertTrue(prices.get(i - 1) >= prices.get(i), "sorted: " + prices);
        }
    }

    @Test
    void badPagingAndSortingAreProblems() {
        STAFF.request().queryParam("size", 1000).get("/api/products").then().statusCode(400)
                .contentType("application/problem+json").body("errors.field", hasItem("size"));
        STAFF.request().queryParam("page", -1).get("/api/products").then().statusCode(400).body("errors.field", hasItem("page"));
        STAFF.request().queryParam("page", "abc").get("/api/products").then().statusCode(400)
                .contentType("application/problem+json");
        STAFF.request().queryParam("sort", "drop table").get("/api/products").then().statusCode(400)
                .body("errors.field", hasItem("sort"));
    }

    @Test
    void aProductHasAnEtagAndAnImage() {
        String etag = STAFF.request().get("/api/products/1").then().statusCode(200)
                .body("name", notNullValue()).body("imageUrl", equalTo("/api/products/1/image"))
                .header("ETag", notNullValue()).extract().header("ETag");
        STAFF.request().header("If-None-Match", etag).get("/api/products/1").then().statusCode(304);
        STAFF.request().get("/api/products/1/image").then().statusCode(200)
                .contentType(containsString("image/svg+xml")).body(containsString("<svg"));
    }

    @Test
    void unknownIdsAreNotFoundProblems() {
        STAFF.request().get("/api/products/987654").then().statusCode(404).contentType("application/problem+json")
                .body("status", equalTo(404)).body("detail", containsString("987654"));
        STAFF.request().delete("/api/products/987654").then().statusCode(404);
        STAFF.request().get("/api/products/not-a-number").then().statusCode(400).contentType("application/problem+json");
    }

    @Test
    void createReturnsLocationAndTheStoredProduct() {
        STAFF.request().contentType(ContentType.JSON).body(product("Paring Knife", 7)).post("/api/products")
                .then().statusCode(201)
                .header("Location", containsString("/api/products/"))
                .header("ETag", notNullValue())
                .body("name", equalTo("Paring Knife")).body("stock", equalTo(7)).body("category", equalTo("kitchen"));
    }

    @Test
    void invalidProductsNameEveryBadField() {
        STAFF.request().contentType(ContentType.JSON)
                .body(Map.of("name", "", "description", "x", "category", "kitchen", "priceCents", -5, "currency", "euro",
                        "stock", 1))
                .post("/api/products")
                .then().statusCode(400).contentType("application/problem+json")
                .body("errors.field", hasItem("name")).body("errors.field", hasItem("priceCents"))
                .body("errors.field", hasItem("currency")).body("errors.field", not(hasItem("stock")));
        STAFF.request().contentType(ContentType.JSON)
                .body(Map.of("name", "Gold pan", "description", "x", "category", "kitchen",
                        "priceCents", ProductRequest.MAX_PRICE_CENTS + 1, "currency", "EUR", "stock", 1))
                .post("/api/products")
                .then().statusCode(400).body("errors.field", hasItem("priceCents"));
        STAFF.request().contentType(ContentType.JSON).body("{\"name\": \"x\", \"stock\": \"many\"}").post("/api/products")
                .then().statusCode(400).body("errors.field", hasItem("stock"));
        // A fraction for a whole number is refused, not cut to 1; an image is never a script.
        STAFF.request().contentType(ContentType.JSON).body("{\"name\": \"x\", \"stock\": 1.5}").post("/api/products")
                .then().statusCode(400).body("errors.field", hasItem("stock"));
        STAFF.request().contentType(ContentType.JSON)
                .body(Map.of("name", "Trap", "description", "x", "category", "kitchen", "priceCents", 100,
                        "currency", "EUR", "stock", 1, "imageUrl", "javascript:alert(document.cookie)"))
                .post("/api/products")
                .then().statusCode(400).body("errors.field", hasItem("imageUrl"))
                .body("errors.message", hasItem(containsString("http(s) URL")));
        STAFF.request().contentType(ContentType.JSON).body("{\"extra\":" + "[".repeat(200) + "]".repeat(200) + "}")
                .post("/api/products")
                .then().statusCode(400).contentType("application/problem+json")
                .body("type", equalTo("urn:brigade:problem:json-over-limit"))
                .body("detail", containsString("32 levels"));
        STAFF.request().contentType(ContentType.JSON).body("").post("/api/products")
                .then().statusCode(400).contentType("application/problem+json");
    }

    @Test
    void anUnknownCategoryIsUnprocessable() {
        Map<String, Object> body = new java.util.HashMap<>(product("Ghost", 1));
        body.put("category", "no-such-category");
        STAFF.request().contentType(ContentType.JSON).body(body).post("/api/products")
                .then().statusCode(422).body("detail", containsString("no-such-category"));
    }

    @Test
    void malformedAndOversizedBodiesAreProblemsNotStackTraces() {
        STAFF.request().contentType(ContentType.JSON).body("{\"name\": ").post("/api/products")
                .then().statusCode(400).contentType("application/problem+json")
                .body("title", equalTo("Malformed JSON")).body(not(containsString("at com.")));
        STAFF.request().contentType(ContentType.JSON).body("{\"name\": \"" + "x".repeat(2_000_000) + "\"}").post("/api/products")
                .then().statusCode(413).contentType("application/problem+json");
        STAFF.request().contentType(ContentType.TEXT).body("hello").post("/api/products")
                .then().statusCode(415).contentType("application/problem+json");
    }

    @Test
    void updateHonoursIfMatch() {
        long id = create(product("Oyster Knife", 3));
        String etag = STAFF.request().get("/api/products/" + id).then().extract().header("ETag");

        String newEtag = STAFF.request().contentType(ContentType.JSON).header("If-Match", etag)
                .body(change("Oyster Knife, shucking")).put("/api/products/" + id)
                .then().statusCode(200).body("name", equalTo("Oyster Knife, shucking")).body("stock", equalTo(3))
                .header("ETag", not(equalTo(etag))).extract().header("ETag");

        STAFF.request().contentType(ContentType.JSON).header("If-Match", etag).body(change("Oyster Knife"))
                .put("/api/products/" + id)
                .then().statusCode(412).contentType("application/problem+json");
        STAFF.request().get("/api/products/" + id).then().body("name", equalTo("Oyster Knife, shucking"))
                .header("ETag", equalTo(newEtag));
    }

    @Test
    void aReplaceWithoutIfMatchIsRefusedAndIfMatchIsReadAsRfc9110HasIt() {
        long id = create(product("Zester", 4));
        String etag = STAFF.request().get("/api/products/" + id).then().extract().header("ETag");

        STAFF.request().contentType(ContentType.JSON).body(change("Zester")).put("/api/products/" + id)
                .then().statusCode(428).contentType("application/problem+json")
                .body("type", equalTo("urn:brigade:problem:precondition-required"));
        STAFF.request().get("/api/products/" + id).then().body("stock", equalTo(4));

        // a weak tag never matches; an unquoted one is no tag at all
        STAFF.request().contentType(ContentType.JSON).header("If-Match", "W/" + etag).body(change("Zester"))
                .put("/api/products/" + id).then().statusCode(412);
        STAFF.request().contentType(ContentType.JSON).header("If-Match", etag.replace("\"", "")).body(change("Zester"))
                .put("/api/products/" + id).then().statusCode(400).contentType("application/problem+json");
        // a list matches when one of its tags does
        String next = STAFF.request().contentType(ContentType.JSON).header("If-Match", "\"999\", " + etag)
                .body(change("Zester")).put("/api/products/" + id)
                .then().statusCode(200).body("stock", equalTo(4)).extract().header("ETag");
        // * replaces whatever is there
        STAFF.request().contentType(ContentType.JSON).header("If-Match", "*").body(change("Fine Zester"))
                .put("/api/products/" + id).then().statusCode(200).header("ETag", not(equalTo(next)));
    }

    @Test
    void aReplaceNeverChangesTheStockAndSaysWhereStockChanges() {
        long id = create(product("Mandoline", 6));
        String etag = STAFF.request().get("/api/products/" + id).then().extract().header("ETag");
        Map<String, Object> withStock = new java.util.HashMap<>(change("Mandoline"));
        withStock.put("stock", 60);
        STAFF.request().contentType(ContentType.JSON).header("If-Match", etag).body(withStock)
                .put("/api/products/" + id).then().statusCode(400).contentType("application/problem+json")
                .body("errors.field", hasItem("stock"))
                .body("errors.message", hasItem(containsString("POST /api/products/{id}/stock")));
        STAFF.request().get("/api/products/" + id).then().body("stock", equalTo(6));
    }

    @Test
    void staffChangeTheStockByAddingOrWritingOffUnitsNeverBelowZero() {
        long id = create(product("Piping Bags", 5));
        String etag = STAFF.request().get("/api/products/" + id).then().extract().header("ETag");
        STAFF.request().contentType(ContentType.JSON).body(Map.of("change", 20)).post("/api/products/" + id + "/stock")
                .then().statusCode(200).body("stock", equalTo(25)).header("ETag", not(equalTo(etag)));
        STAFF.request().contentType(ContentType.JSON).body(Map.of("change", -3)).post("/api/products/" + id + "/stock")
                .then().statusCode(200).body("stock", equalTo(22));
        STAFF.request().contentType(ContentType.JSON).body(Map.of("change", -23)).post("/api/products/" + id + "/stock")
                .then().statusCode(409).contentType("application/problem+json")
                .body("type", equalTo("urn:brigade:problem:stock-out-of-range"))
                .body("detail", containsString("22 in stock"));
        STAFF.request().contentType(ContentType.JSON).body(Map.of("change", 1_000_001))
                .post("/api/products/" + id + "/stock").then().statusCode(400).body("errors.field", hasItem("change"));
        STAFF.request().contentType(ContentType.JSON).body(Map.of("change", 1)).post("/api/products/99999999/stock")
                .then().statusCode(404);
        STAFF.request().get("/api/products/" + id).then().body("stock", equalTo(22));
    }

    @Test
    void anAcceptHeaderThatIsNoMediaTypeIsRefusedBeforeAnythingIsMade() {
        for (String accept : new String[] {"garbage", "json", "/", ""}) {
            STAFF.request().contentType(ContentType.JSON).header("Accept", accept).body(product("Never Made", 1))
                    .post("/api/products").then().statusCode(400).contentType("application/problem+json")
                    .body("errors.field", hasItem("Accept"));
        }
        STAFF.request().queryParam("q", "Never Made").get("/api/products").then().body("total", equalTo(0));
    }

    @Test
    void anIfMatchOnAReadThatNamesNoCurrentVersionIsA412Problem() {
        long id = create(product("Citrus Press", 2));
        STAFF.request().header("If-Match", "\"9999\"").get("/api/products/" + id).then().statusCode(412)
                .contentType("application/problem+json").body("detail", containsString("If-Match"));
    }

    @Test
    void deleteRemovesTheProduct() {
        long id = create(product("Egg Slicer", 2));
        STAFF.request().delete("/api/products/" + id).then().statusCode(204);
        STAFF.request().get("/api/products/" + id).then().statusCode(404);
    }

    @Test
    void unknownPathsAndMethodsAreProblems() {
        STAFF.request().get("/api/nothing-here").then().statusCode(404).contentType("application/problem+json");
        STAFF.request().put("/api/products").then().statusCode(405).contentType("application/problem+json")
                .header("Allow", endsWith("POST"));
    }
}
