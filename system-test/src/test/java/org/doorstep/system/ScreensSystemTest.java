package org.doorstep.system;

import io.restassured.path.json.JsonPath;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriverException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The people's screens in a real browser (Debian's headless chromium): a resident orders urgent medicine, the grid
 * worker sees it at the top of the queue and assigns it, the volunteer picks it up and confirms the code, and the
 * resident's page shows it delivered; each person in a browser of their own, signed in on the local sign-in page.
 * Screenshots of every page, phone- and desktop-sized, go to target/screenshots.
 */
@Order(3)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ScreensSystemTest {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final Path SHOTS = Path.of("target/screenshots");
    private static final String RESIDENT = "screen-mei";

    private static Stack stack;
    private static final List<WebDriver> browsers = new ArrayList<>();
    private static long building;
    private static long grid;
    private static long volunteer;
    private static long household;
    private static WebDriver resident;
    private static WebDriver gridWorker;
    private static WebDriver carrier;
    private static long order;
    private static String code;

    @BeforeAll
    static void start() throws Exception {
        stack = Stack.shared();
        Files.createDirectories(SHOTS);
        long compound = create(Tokens.admin(), Stack.Service.DISPATCH, "/api/compounds",
                Map.of("name", "Screen Court")).getLong("id");
        building = create(Tokens.admin(), Stack.Service.DISPATCH, "/api/buildings",
                Map.of("compoundId", compound, "name", "Building 6", "status", "SEALED")).getLong("id");
        grid = create(Tokens.admin(), Stack.Service.DISPATCH, "/api/grids",
                Map.of("name", "Screen Grid", "buildingIds", List.of(building))).getLong("id");
        // Off duty, so the medicine waits in the queue until the grid worker hands it to someone.
        volunteer = stack.createWhenKnown(Stack.Service.VOLUNTEER, Tokens.admin(), "/api/volunteers", Map.of(
                "name", "Sun Li", "phone", "13566667777", "compoundId", compound, "buildingIds", List.of(building),
                "capacity", 5)).getLong("id");
        stack.as(Stack.Service.VOLUNTEER, Tokens.volunteer(volunteer)).body(Map.of("result", "NEGATIVE",
                        "takenAt", OffsetDateTime.now().minusHours(3).toString()))
                .post("/api/volunteers/{id}/tests", volunteer).then().statusCode(200);
        household = stack.createWhenKnown(Stack.Service.ORDER, Tokens.resident(RESIDENT), "/api/households", Map.of(
                "buildingId", building, "room", "502", "contactName", "Mei Lin", "phone", "13912345678",
                "vulnerabilities", List.of("CHILD_IN_DIFFICULTY"))).getLong("id");
        // The people page lists grid workers and volunteers dispatch knows: wait until it knows this one.
        org.awaitility.Awaitility.await().atMost(WAIT).until(() -> stack.to(Stack.Service.DISPATCH)
                .get("/local/people").then().extract().jsonPath().getList("subject").contains(String.valueOf(volunteer)));
    }

    @AfterAll
    static void stop() {
        browsers.forEach(WebDriver::quit);
    }

    @Test
    @Order(1)
    void a_resident_orders_urgent_medicine_and_sees_it_queued_with_the_handoff_code() throws Exception {
        resident = signIn(Stack.Service.ORDER, "/resident/", RESIDENT);
        wait(resident).until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#household option[value]")));
        new Select(resident.findElement(By.id("category"))).selectByValue("MEDICINE");
        type(resident, By.cssSelector(".item-name"), "Cetirizine syrup");
        click(resident, By.id("urgent"));
        type(resident, By.id("note"), "child allergy");
        click(resident, By.id("place"));
        WebElement card = wait(resident).until(ExpectedConditions.presenceOfElementLocated(By.cssSelector(".order")));
        order = Long.parseLong(card.getAttribute("data-order"));
        code = wait(resident).until(d -> d.findElement(By.cssSelector(".order .handoff-code")).getText());
        assertTrue(code.matches("\\d{6}"), "the resident sees a six-digit handoff code, not '" + code + "'");
        wait(resident).until(d -> "QUEUED".equals(d.findElement(By.cssSelector(".order")).getAttribute("data-status")));
        shots(resident, "resident");
    }

    @Test
    @Order(2)
    void the_grid_worker_sees_it_first_in_the_queue_and_assigns_it_to_a_volunteer_stating_why() throws Exception {
        gridWorker = signIn(Stack.Service.DISPATCH, "/console/", "w" + grid);
        String first = wait(gridWorker).until(d -> d.findElement(By.cssSelector("#queue .queued-order"))
                .getAttribute("data-order"));
        assertEquals(String.valueOf(order), first, "urgent medicine is first in the queue");
        wait(gridWorker).until(d -> !d.findElements(By.cssSelector("#alerts .alert[data-type=COVERAGE_GAP]")).isEmpty());
        shots(gridWorker, "console");

        click(gridWorker, By.cssSelector("#queue .queued-order[data-order='" + order + "'] button.assign"));
        wait(gridWorker).until(ExpectedConditions.presenceOfElementLocated(
                By.cssSelector("#candidates input[value='" + volunteer + "']")));
        String labelClass = wait(gridWorker).until(d -> d.findElement(By.cssSelector("#candidates .candidate"))
                .getAttribute("class"));
        String labelText = wait(gridWorker).until(d -> d.findElement(By.cssSelector("#candidates .candidate"))
                .getText());
        assertTrue(labelClass.contains("ineligible"), "an off-duty volunteer is shown greyed");
        assertTrue(labelText.contains("OFF_DUTY"), "with the reason: " + labelText);
        click(gridWorker, By.cssSelector("#candidates input[value='" + volunteer + "']"));
        click(gridWorker, By.id("make-run"));
        wait(gridWorker).until(d -> d.findElement(By.id("assign-message")).getText().contains("OFF_DUTY"));
        type(gridWorker, By.id("override"), "Sun Li is at the gate and back on duty now");
        click(gridWorker, By.id("make-run"));
        wait(gridWorker).until(d -> !d.findElements(By.cssSelector("#runs .run[data-status=ASSIGNED]")).isEmpty());
    }

    @Test
    @Order(3)
    void the_volunteer_goes_on_duty_picks_up_and_a_wrong_code_shows_a_clear_message_before_the_right_one_works()
            throws Exception {
        carrier = signIn(Stack.Service.DISPATCH, "/volunteer/", String.valueOf(volunteer));
        wait(carrier).until(d -> d.findElement(By.id("duty")).getText().length() > 0);
        click(carrier, By.id("duty"));
        wait(carrier).until(d -> !d.findElements(By.cssSelector("#duty-message .message.ok")).isEmpty());
        wait(carrier).until(ExpectedConditions.elementToBeClickable(By.cssSelector(".run .pickup")));
        String stopText = wait(carrier).until(d -> d.findElement(By.cssSelector(".stop")).getText());
        assertTrue(stopText.contains("*******5678"), "the volunteer sees the masked phone: " + stopText);
        click(carrier, By.cssSelector(".run .pickup"));
        By codeInput = By.cssSelector(".stop input.handoff-code");
        wait(carrier).until(ExpectedConditions.presenceOfElementLocated(codeInput));
        shots(carrier, "volunteer");
        String wrong = code.equals("000000") ? "111111" : "000000";
        type(carrier, codeInput, wrong);
        click(carrier, By.cssSelector(".stop button.confirm"));
        String message = wait(carrier).until(d -> d.findElement(By.cssSelector("#message .message.error")).getText());
        assertTrue(message.contains("not right"), "a wrong code says so: " + message);
        type(carrier, codeInput, code);
        click(carrier, By.cssSelector(".stop button.confirm"));
        wait(carrier).until(d -> !d.findElements(By.cssSelector("#message .message.ok")).isEmpty());
    }

    @Test
    @Order(4)
    void the_residents_page_shows_it_delivered_without_a_reload() {
        wait(resident).until(d -> "DELIVERED".equals(
                d.findElement(By.cssSelector(".order[data-order='" + order + "']")).getAttribute("data-status")));
    }

    @Test
    @Order(5)
    void the_board_changes_colour_when_the_grid_worker_changes_a_buildings_status() {
        By tile = By.cssSelector(".tile[data-building='" + building + "']");
        wait(gridWorker).until(d -> d.findElement(tile).getAttribute("class").contains("status-SEALED"));
        click(gridWorker, tile);
        new Select(gridWorker.findElement(By.id("new-status"))).selectByValue("CONTROLLED");
        type(gridWorker, By.id("status-reason"), "no new case for 7 days");
        click(gridWorker, By.id("change-status"));
        wait(gridWorker).until(d -> d.findElement(tile).getAttribute("class").contains("status-CONTROLLED"));
        String background = wait(gridWorker).until(d -> d.findElement(tile).getCssValue("background-color"));
        assertTrue(!background.isBlank() && !background.contains("0, 0, 0, 0"), "the tile is coloured: " + background);
    }

    @Test
    @Order(6)
    void every_input_has_a_label_actions_are_keyboard_reachable_and_status_colours_keep_their_contrast() {
        for (WebDriver page : List.of(resident, gridWorker, carrier)) {
            @SuppressWarnings("unchecked")
            List<String> unlabelled = (List<String>) ((JavascriptExecutor) page).executeScript("""
                    return [...document.querySelectorAll('input, select, textarea')].filter(e => e.type !== 'hidden')
                      .filter(e => !(e.labels && e.labels.length) && !e.getAttribute('aria-label'))
                      .map(e => e.id || e.name || e.outerHTML);""");
            assertEquals(List.of(), unlabelled, "inputs without a label on " + page.getCurrentUrl());
        }
        assertTrue(reachableByTab(resident, "place"), "placing an order is reachable with the keyboard");
        assertTrue(reachableByTab(gridWorker, "change-status"), "changing a status is reachable with the keyboard");

        @SuppressWarnings("unchecked")
        List<Object> ratios = (List<Object>) ((JavascriptExecutor) gridWorker).executeScript("""
                const lum = c => { const [r, g, b] = c.match(/\\d+/g).slice(0, 3).map(Number).map(v => v / 255)
                  .map(v => v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4));
                  return 0.2126 * r + 0.7152 * g + 0.0722 * b; };
                return ['SEALED', 'CONTROLLED', 'PRECAUTION', 'OPEN'].map(s => {
                  const e = document.createElement('div'); e.className = 'tile status-' + s; e.textContent = s;
                  document.body.append(e); const st = getComputedStyle(e);
                  const a = lum(st.color), b = lum(st.backgroundColor); e.remove();
                  return (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05); });""");
        for (Object ratio : ratios) {
            assertTrue(((Number) ratio).doubleValue() >= 4.5, "status colour contrast " + ratios + " must be >= 4.5");
        }
    }

    @Test
    @Order(7)
    void the_pages_speak_chinese_too() throws Exception {
        click(resident, By.id("lang"));
        wait(resident).until(d -> d.findElement(By.id("place")).getText().equals("下单"));
        shots(resident, "resident-zh");
        click(gridWorker, By.id("lang"));
        wait(gridWorker).until(d -> d.findElement(By.id("lang")).getText().equals("English"));
        wait(gridWorker).until(d -> d.findElement(By.cssSelector("#board .tile")).getText().contains("管控"));
        shots(gridWorker, "console-zh");
        click(gridWorker, By.id("lang"));
        click(resident, By.id("lang"));
    }

    @Test
    @Order(8)
    void a_double_click_on_place_order_makes_one_order() throws InterruptedException {
        int before = residentsOrders();
        // A slow network, so that the second click surely lands while the first request is on its way.
        meddleWithOrderAnswers(resident, 800, List.of());
        draftFood(resident, "Rice 5 kg");
        new Actions(resident).doubleClick(resident.findElement(By.id("place"))).perform();
        boolean disabledInFlight = !resident.findElement(By.id("place")).isEnabled();
        wait(resident).until(d -> !d.findElements(By.cssSelector("#order-message .message.ok")).isEmpty());
        Thread.sleep(2000); // time for a second order, were one on its way
        assertEquals(before + 1, residentsOrders(), "two clicks, one order");
        assertTrue(disabledInFlight, "the button waits for the answer");
        wait(resident).until(d -> d.findElement(By.id("place")).isEnabled());
    }

    @Test
    @Order(9)
    void a_retry_after_a_lost_or_a_failed_answer_places_the_order_once_and_the_next_order_is_a_new_one() {
        int before = residentsOrders();
        // Each request reaches order-service; the first answer is lost on the way back, the second replaced by an
        // error, the third arrives.
        meddleWithOrderAnswers(resident, 0, List.of("lost", "failed"));
        draftFood(resident, "Eggs");
        click(resident, By.id("place"));
        wait(resident).until(d -> d.findElement(By.cssSelector("#order-message .message.error")).getText()
                .contains("No answer"));
        click(resident, By.id("place"));
        wait(resident).until(d -> d.findElement(By.cssSelector("#order-message .message.error")).getText()
                .contains("busy"));
        click(resident, By.id("place"));
        wait(resident).until(d -> !d.findElements(By.cssSelector("#order-message .message.ok")).isEmpty());
        assertEquals(before + 1, residentsOrders(), "three tries of one draft, one order");

        // The same things ordered again after the order went in: a new order.
        draftFood(resident, "Eggs");
        click(resident, By.id("place"));
        wait(resident).until(d -> !d.findElements(By.cssSelector("#order-message .message.ok")).isEmpty()
                && sentOrderKeys(resident).size() == 4);
        assertEquals(before + 2, residentsOrders(), "a new order after the first was placed");
        List<String> keys = sentOrderKeys(resident);
        assertEquals(1, keys.subList(0, 3).stream().distinct().count(), "the retries kept their key: " + keys);
        assertTrue(!keys.get(3).equals(keys.get(0)), "the next order has a key of its own: " + keys);
    }

    @Test
    @Order(10)
    void the_grid_worker_gets_a_code_on_the_console_that_binds_their_wechat_in_the_mini_program() {
        click(gridWorker, By.id("binding-code"));
        String message = wait(gridWorker).until(d -> d.findElement(By.cssSelector("#binding-message .message.ok"))
                .getText());
        java.util.regex.Matcher code = java.util.regex.Pattern.compile("\\b[A-Z2-9]{8}\\b").matcher(message);
        assertTrue(code.find(), "the console shows the code: " + message);
        // What the mini-program's grid-worker page then sends, with a wx.login code of the fake WeChat.
        stack.to(Stack.Service.DISPATCH).body(Map.of("code", "user:screens-grid-worker", "bindingCode", code.group()))
                .post("/api/grid-workers/wechat").then().statusCode(200)
                .body("gridWorker", org.hamcrest.Matchers.equalTo("w" + grid));
    }

    private static int residentsOrders() {
        return stack.as(Stack.Service.ORDER, Tokens.resident(RESIDENT)).queryParam("householdId", household)
                .get("/api/orders").then().statusCode(200).extract().jsonPath().getList("$").size();
    }

    /** Fills a new food order with one item; a message left from before is cleared. */
    private static void draftFood(WebDriver browser, String item) {
        new Select(browser.findElement(By.id("category"))).selectByValue("FOOD");
        type(browser, By.cssSelector(".item-name"), item);
        ((JavascriptExecutor) browser).executeScript("document.getElementById('order-message').innerHTML = '';");
    }

    /**
     * Plays a bad network for the page's order requests: each is held {@code delayMillis} before it leaves, and then
     * reaches order-service; of the answers, the next ones are spoilt in turn ("lost": the connection drops, as
     * fetch reports it; "failed": a 503 problem in its place). Records each request's Idempotency-Key.
     */
    private static void meddleWithOrderAnswers(WebDriver browser, long delayMillis, List<String> spoilt) {
        ((JavascriptExecutor) browser).executeScript("""
                const delay = arguments[0];
                window.sentOrderKeys = [];
                window.spoilt = arguments[1];
                window.realFetch = window.realFetch || window.fetch;
                window.fetch = async (url, options) => {
                  if (!(options && options.method === 'POST' && String(url).endsWith('/api/orders'))) {
                    return window.realFetch(url, options);
                  }
                  window.sentOrderKeys.push(options.headers['Idempotency-Key']);
                  await new Promise(resolve => setTimeout(resolve, delay));
                  const answer = await window.realFetch(url, options);
                  const spoil = window.spoilt.shift();
                  if (spoil === 'lost') throw new TypeError('Failed to fetch');
                  if (spoil === 'failed') return new Response(JSON.stringify({ status: 503,
                      title: 'Service Unavailable', detail: 'order-service is busy; try again in a moment.' }),
                    { status: 503, headers: { 'Content-Type': 'application/problem+json' } });
                  return answer;
                };""", delayMillis, spoilt);
    }

    @SuppressWarnings("unchecked")
    private static List<String> sentOrderKeys(WebDriver browser) {
        return (List<String>) ((JavascriptExecutor) browser).executeScript("return window.sentOrderKeys;");
    }

    /** Signs in on the service's local sign-in page as the person with that subject, landing on the page. */
    private static WebDriver signIn(Stack.Service service, String page, String subject) {
        WebDriver browser = browser();
        browser.get(stack.url(service) + "/signin?next=" + page);
        wait(browser).until(ExpectedConditions.elementToBeClickable(
                By.cssSelector("button[data-subject='" + subject + "']"))).click();
        // The address changes as soon as the page starts loading; a lookup before it has loaded is aborted.
        wait(browser).until(d -> d.getCurrentUrl().endsWith(page) && "complete".equals(
                ((JavascriptExecutor) d).executeScript("return document.readyState;")));
        return browser;
    }

    private static WebDriver browser() {
        String chromium = System.getenv().getOrDefault("CHROMIUM", "/usr/bin/chromium");
        String driver = System.getenv().getOrDefault("CHROMEDRIVER", "/usr/bin/chromedriver");
        assertTrue(new File(chromium).canExecute() && new File(driver).canExecute(),
                "the browser tests need Debian's chromium and chromium-driver (apt-get install chromium chromium-driver)");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(chromium);
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--lang=en-US", "--window-size=1280,900");
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(new File(driver))
                .usingAnyFreePort().build();
        ChromeDriver browser = new ChromeDriver(service, options);
        browsers.add(browser);
        return browser;
    }

    /**
     * The pages redraw what they show every few seconds, so an element found a moment ago may be gone when it is
     * read, and a page that is still loading answers a lookup with "aborted by navigation": the wait tries again
     * (and, should it time out, reports the last of these).
     */
    private static WebDriverWait wait(WebDriver browser) {
        WebDriverWait wait = new WebDriverWait(browser, WAIT);
        wait.ignoring(StaleElementReferenceException.class);
        wait.ignoring(WebDriverException.class);
        return wait;
    }

    /** Clicks the element, finding it again if the page redrew it between finding and clicking. */
    private static void click(WebDriver browser, By element) {
        wait(browser).until(d -> {
            d.findElement(element).click();
            return true;
        });
    }

    /** Types the text into the field (in place of what was there), again if the page redrew the field meanwhile. */
    private static void type(WebDriver browser, By field, String text) {
        wait(browser).until(d -> {
            WebElement input = d.findElement(field);
            input.clear();
            input.sendKeys(text);
            return text.equals(d.findElement(field).getAttribute("value"));
        });
    }

    /** The page at phone and at desktop size, for review. */
    private static void shots(WebDriver browser, String name) throws Exception {
        for (var size : Map.of("phone", new Dimension(390, 844), "desktop", new Dimension(1280, 900)).entrySet()) {
            browser.manage().window().setSize(size.getValue());
            Thread.sleep(300);
            File shot = ((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE);
            Files.copy(shot.toPath(), SHOTS.resolve(name + "-" + size.getKey() + ".png"),
                    StandardCopyOption.REPLACE_EXISTING);
        }
        browser.manage().window().setSize(new Dimension(1280, 900));
    }

    /** Whether pressing Tab from the top of the page reaches the element. */
    private static boolean reachableByTab(WebDriver browser, String id) {
        ((JavascriptExecutor) browser).executeScript("document.activeElement && document.activeElement.blur();"
                + "window.scrollTo(0, 0);");
        for (int i = 0; i < 80; i++) {
            new Actions(browser).sendKeys(Keys.TAB).perform();
            // Read in the page, in one step: a page that re-renders (its polling) leaves no stale element to ask.
            if (id.equals(((JavascriptExecutor) browser).executeScript(
                    "return document.activeElement ? document.activeElement.id : null;"))) {
                return true;
            }
        }
        return false;
    }

    private static JsonPath create(String token, Stack.Service service, String path, Object body) {
        return stack.as(service, token).body(body).post(path).then().statusCode(201).extract().jsonPath();
    }
}
