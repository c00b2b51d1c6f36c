package com.workestra.email.itests;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.deque.html.axecore.results.Results;
import com.deque.html.axecore.results.Rule;
import com.deque.html.axecore.selenium.AxeBuilder;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Headless Debian Chromium driven by Selenium, found and clicked by what a person sees: visible text, labels and
 * accessible names (aria-label), never by CSS classes or ids of ours. Every page can be checked with axe-core.
 */
final class Browser implements AutoCloseable {

    private final Path profile;
    private final ChromeDriver driver;
    private final String base;

    Browser(String base) {
        this.base = base;
        try {
            profile = Files.createTempDirectory("wk-chromium-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ChromeOptions options = new ChromeOptions();
        options.setBinary(System.getProperty("workestra.chromium", "/usr/bin/chromium"));
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-dev-shm-usage", "--window-size=1280,900", "--user-data-dir=" + profile);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(System.getProperty("workestra.chromedriver", "/usr/bin/chromedriver")))
                .usingAnyFreePort().build();
        driver = new ChromeDriver(service, options);
        driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(60));
    }

    WebDriver driver() {
        return driver;
    }

    /** Opens a path of the node (or an absolute URL). */
    void open(String path) {
        driver.get(path.startsWith("http") ? path : base + path);
    }

    String url() {
        return driver.getCurrentUrl();
    }

    <T> T await(String what, Duration timeout, Function<WebDriver, T> condition) {
        return new WebDriverWait(driver, timeout).withMessage(what)
                .ignoring(StaleElementReferenceException.class).until(condition);
    }

    <T> T await(String what, Function<WebDriver, T> condition) {
        return await(what, Duration.ofSeconds(30), condition);
    }

    private static String literal(String s) {
        if (!s.contains("'")) {
            return "'" + s + "'";
        }
        return "concat('" + s.replace("'", "', \"'\", '") + "')";
    }

    /** A visible button or link whose text or accessible name (aria-label) is exactly {@code name}. */
    WebElement control(String name) {
        String n = literal(name);
        By by = By.xpath("//*[(self::button or self::a or @role='button') and (normalize-space(.)=" + n
                + " or @aria-label=" + n + ")]");
        return await("a visible control named " + name, d -> d.findElements(by).stream()
                .filter(WebElement::isDisplayed).filter(WebElement::isEnabled).findFirst().orElse(null));
    }

    /** Clicks the first visible button or link whose text contains {@code text} (list items, picker entries). */
    void clickContaining(String text) {
        By by = By.xpath("//*[(self::button or self::a) and contains(normalize-space(.), " + literal(text) + ")]");
        await("a control showing " + text, d -> d.findElements(by).stream().filter(WebElement::isDisplayed)
                .findFirst().map(e -> {
                    e.click();
                    return true;
                }).orElse(null));
    }

    /** Clicks the control named {@code name} inside the list item that shows {@code itemText}. */
    void clickIn(String itemText, String name) {
        By by = By.xpath("//li[contains(normalize-space(.), " + literal(itemText) + ")]//*[(self::button or self::a)"
                + " and (normalize-space(.)=" + literal(name) + " or @aria-label=" + literal(name) + ")]");
        await("a control named " + name + " by " + itemText, d -> d.findElements(by).stream()
                .filter(WebElement::isDisplayed).findFirst().map(e -> {
                    e.click();
                    return true;
                }).orElse(null));
    }

    /** Picks the radio button or checkbox whose label starts with {@code label}. */
    void choose(String label) {
        By by = By.xpath("//label[starts-with(normalize-space(.), " + literal(label) + ")]");
        await("a choice labelled " + label, d -> d.findElements(by).stream().filter(WebElement::isDisplayed)
                .findFirst().map(e -> {
                    e.click();
                    return true;
                }).orElse(null));
    }

    /** Clicks the control named {@code name}. */
    void click(String name) {
        await("clicking " + name, d -> {
            control(name).click();
            return true;
        });
    }

    /** The form control labelled {@code label} (label element or aria-label). */
    WebElement field(String label) {
        String n = literal(label);
        return await("a field labelled " + label, d -> {
            for (WebElement l : d.findElements(By.xpath("//label[normalize-space(.)=" + n + "]"))) {
                String id = l.getAttribute("for");
                if (id != null && l.isDisplayed()) {
                    List<WebElement> f = d.findElements(By.id(id));
                    if (!f.isEmpty() && f.get(0).isDisplayed()) {
                        return f.get(0);
                    }
                }
            }
            return d.findElements(By.xpath("//*[@aria-label=" + n + "]")).stream().filter(WebElement::isDisplayed)
                    .findFirst().orElse(null);
        });
    }

    /** Types into the field labelled {@code label}, replacing its content. */
    void type(String label, String text) {
        WebElement f = field(label);
        f.clear();
        f.sendKeys(text);
    }

    /** The labelled form control's error text (aria-describedby), waiting until it shows. */
    String errorOf(String label) {
        WebElement f = field(label);
        return await("an error at " + label, d -> {
            if (!"true".equals(f.getAttribute("aria-invalid"))) {
                return null;
            }
            WebElement e = d.findElement(By.id(f.getAttribute("aria-describedby")));
            return e.isDisplayed() && !e.getText().isBlank() ? e.getText() : null;
        });
    }

    /** Waits until the page shows {@code text} somewhere. */
    void sees(String text) {
        sees(text, Duration.ofSeconds(30));
    }

    void sees(String text, Duration timeout) {
        await("the page to show \"" + text + "\"", timeout, d -> d.findElement(By.tagName("body")).getText()
                .contains(text) ? Boolean.TRUE : null);
    }

    boolean shows(String text) {
        return driver.findElement(By.tagName("body")).getText().contains(text);
    }

    /** The region (section/landmark) whose accessible name is its heading {@code name}. */
    WebElement region(String name) {
        String n = literal(name);
        return await("a region named " + name, d -> d.findElements(By.xpath(
                "//*[(self::section or @role='region') and (@aria-label=" + n + " or @aria-labelledby=//h2[normalize-space(.)="
                        + n + "]/@id)]")).stream().filter(WebElement::isDisplayed).findFirst().orElse(null));
    }

    /** The element with the given ARIA role and accessible name (aria-label). */
    WebElement role(String role, String name) {
        return await("a " + role + " named " + name, d -> d.findElements(By.xpath("//*[@role=" + literal(role)
                + " and @aria-label=" + literal(name) + "]")).stream().findFirst().orElse(null));
    }

    Object script(String js, Object... args) {
        return ((JavascriptExecutor) driver).executeScript(js, args);
    }

    /** axe-core on the current page: no violation of impact serious or critical. */
    void assertAccessible(String page) {
        Results results = new AxeBuilder().analyze(driver);
        List<Rule> bad = results.getViolations().stream()
                .filter(r -> "serious".equals(r.getImpact()) || "critical".equals(r.getImpact())).toList();
        assertTrue(bad.isEmpty(), page + ": " + bad.stream().map(r -> r.getId() + " (" + r.getImpact() + "): "
                + r.getHelp() + " at " + r.getNodes().stream().map(n -> String.valueOf(n.getTarget()))
                        .collect(Collectors.joining(", "))).collect(Collectors.joining("; ")));
    }

    /** Writes a PNG of the page into docs/screenshots of the repository (shown by the README). */
    void screenshot(String name) {
        Path root = Path.of(System.getProperty("workestra.root", "..")).toAbsolutePath().normalize();
        Path dir = root.resolve("docs/screenshots");
        try {
            Files.createDirectories(dir);
            File png = driver.getScreenshotAs(OutputType.FILE);
            Files.copy(png.toPath(), dir.resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Resizes the window (for the 320 px check). */
    void width(int px) {
        driver.manage().window().setSize(new org.openqa.selenium.Dimension(px, 900));
    }

    /** Waits for the page whose main heading reads {@code h1} (the previous page may still be shown). */
    void assertTitle(String h1) {
        await("the page headed " + h1, d -> d.findElements(By.tagName("h1")).stream()
                .filter(e -> e.getText().equals(h1)).findFirst().orElse(null));
    }

    @Override
    public void close() {
        driver.quit();
        try (var files = Files.walk(profile)) {
            files.sorted(java.util.Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
        } catch (IOException e) {
            // a temporary profile left behind is harmless
        }
    }
}
