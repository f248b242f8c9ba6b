package dev.careflow.console;

import static org.assertj.core.api.Assertions.assertThat;

import dev.careflow.CareflowIT;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import org.hl7.fhir.r4.model.CareTeam;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Task;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The care-manager console in a real browser (Debian's headless Chromium through its chromedriver, no driver
 * download): a care manager signs in through the embedded authorization server's form, sees a Task of a patient in
 * her caseload on her worklist, opens the patient, completes the Task; the server then holds the Task completed, and
 * its audit names her. Also: the landing page at {@code /} links to the console and the API's pages.
 */
class ConsoleBrowserIT extends CareflowIT {

    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

    /** The console user of application-it.yaml, a Practitioner created at start-up. */
    private static final String USER = "console-manager";

    private static final String MANAGER = "Practitioner/console-manager";

    @Autowired
    private java.time.Clock careTeamClock;

    private WebDriver browser;
    private Path profile;

    @BeforeEach
    void openBrowser() throws Exception {
        assertThat(Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER))
                .as(
                        "The browser test needs Debian's chromium and chromium-driver (%s, %s): "
                                + "apt-get install -y chromium chromium-driver (.ci/run installs them)",
                        CHROMIUM, CHROMEDRIVER)
                .isTrue();
        profile = Files.createTempDirectory("careflow-chromium");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments(
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--window-size=1280,1000",
                "--user-data-dir=" + profile);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort()
                .build();
        browser = new ChromeDriver(service, options);
    }

    @AfterEach
    void closeBrowser() throws Exception {
        if (browser != null) {
            browser.quit();
        }
        if (profile != null) {
            org.springframework.util.FileSystemUtils.deleteRecursively(profile);
        }
    }

    private String origin() {
        return "http://localhost:" + port;
    }

    private WebElement await(By by) {
        return new WebDriverWait(browser, Duration.ofSeconds(60))
                .until(ExpectedConditions.visibilityOfElementLocated(by));
    }

    /** A patient in the manager's caseload (a CareTeam she is the care manager of) with a Task due today. */
    private IdType taskDueToday(String family) {
        IdType patient = createPatient(family);
        CareTeam team = new CareTeam();
        team.setStatus(CareTeam.CareTeamStatus.ACTIVE);
        team.setSubject(new Reference(patient));
        team.addParticipant()
                .addRole(new CodeableConcept(
                        new Coding("https://careflow.dev/fhir/CodeSystem/care-team-role", "care-manager", null)))
                .setMember(new Reference(MANAGER));
        client.create().resource(team).execute();
        Task task = new Task();
        task.setStatus(Task.TaskStatus.REQUESTED);
        task.setIntent(Task.TaskIntent.ORDER);
        task.setFor(new Reference(patient));
        task.setOwner(new Reference(MANAGER));
        task.setCode(
                new CodeableConcept(new Coding(dev.careflow.vocabulary.CodeSystems.CARE_TASK, "care-plan-review", null))
                        .setText("Review the care plan with " + family));
        task.getRestriction()
                .getPeriod()
                .setEndElement(new DateTimeType(LocalDate.now(careTeamClock).toString()));
        return (IdType) client.create().resource(task).execute().getId().toUnqualifiedVersionless();
    }

    private void signIn() {
        browser.get(origin() + "/apps/console/");
        await(By.id("sign-in")).click();
        signInForm();
    }

    private void signInForm() {
        await(By.id("username")).sendKeys(USER);
        browser.findElement(By.id("password")).sendKeys("console-pw");
        browser.findElement(By.cssSelector("button[type=submit]")).click();
    }

    @Test
    void aCareManager_signsIn_seesHerTask_opensThePatient_andCompletesIt() {
        String family = "Console" + java.util.UUID.randomUUID().toString().substring(0, 8);
        IdType task = taskDueToday(family);

        signIn();
        WebElement row = await(By.cssSelector("#worklist tr[data-resource='Task/" + task.getIdPart() + "']"));
        assertThat(row.getText()).contains("Due today", "Review the care plan with " + family, family);
        row.findElement(By.partialLinkText(family)).click();
        await(By.id("patient-name"));
        WebElement complete =
                await(By.cssSelector("tr[data-task='" + task.getIdPart() + "'] button[data-action='complete']"));
        assertThat(complete.getAttribute("aria-label")).contains("Complete");
        complete.click();
        WebElement notice = await(By.cssSelector("#status .notice"));
        assertThat(notice.getText()).contains("completed");

        Task stored = client.read().resource(Task.class).withId(task).execute();
        assertThat(stored.getStatus()).isEqualTo(Task.TaskStatus.COMPLETED);
        assertThat(fhir().get("/AuditEvent?entity=Task/" + task.getIdPart() + "&agent=" + MANAGER + "&subtype=update")
                        .then()
                        .statusCode(200)
                        .extract()
                        .jsonPath()
                        .getList("entry"))
                .as("the audit names who completed it")
                .hasSize(1);
        assertThat(browser.findElements(By.cssSelector("tr[data-task='" + task.getIdPart() + "']")))
                .as("a completed Task leaves the patient's open tasks")
                .isEmpty();
    }

    @Test
    void theLandingPage_saysWhatCareflowIs_andLinksToTheConsoleAndTheApi() {
        browser.get(origin() + "/");

        assertThat(await(By.tagName("h1")).getText()).isEqualTo("Careflow");
        assertThat(browser.findElement(By.id("link-console")).getAttribute("href"))
                .isEqualTo(origin() + "/apps/console/");
        assertThat(browser.findElement(By.id("link-swagger")).getAttribute("href"))
                .isEqualTo(origin() + "/fhir/swagger-ui/");
        assertThat(browser.findElement(By.id("link-metadata")).getAttribute("href"))
                .isEqualTo(origin() + "/fhir/metadata");
        assertThat(browser.findElement(By.id("link-smart")).getAttribute("href"))
                .isEqualTo(origin() + "/fhir/.well-known/smart-configuration");
        assertThat(browser.findElements(By.cssSelector("a[id^='link-readme-']")))
                .hasSize(3);

        browser.findElement(By.id("link-console")).click();
        assertThat(await(By.id("sign-in")).getText()).isEqualTo("Sign in");
    }

    @Test
    void signingIn_withNothingToResume_landsOnTheLandingPage_notOnA401() {
        browser.get(origin() + "/login");
        signInForm();

        assertThat(await(By.tagName("h1")).getText()).isEqualTo("Careflow");
        assertThat(browser.getCurrentUrl()).isEqualTo(origin() + "/");
    }
}
