package org.groundedocr.embed.eval;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.groundedocr.model.Box;
import org.groundedocr.model.GroundedDocument;
import org.groundedocr.model.GroundedPage;
import org.groundedocr.model.PageStats;
import org.groundedocr.model.Region;

/**
 * The RAG evaluation set: generated grounded documents (invoices, annual reports, lab safety
 * handbooks, product datasheets, meeting minutes, leases; several of each kind, so that every
 * answer has look-alike distractors) and questions whose answer lies in one known region of one
 * page. Deterministic: the same corpus on every run.
 *
 * <p>Questions come in three kinds, fixed before any retrieval was run: {@code keyword} (names an
 * identifier or rare term of the answer: lexical retrieval's home ground), {@code paraphrase}
 * (shares almost no content word with the answer: vector retrieval's), and {@code natural}
 * (what a user would type, in between).
 */
public final class RagEvalCorpus {

  /** A question and where its answer is: the document, page and region box. */
  public record Question(String id, String kind, String text, String documentId, int page, Box answer) {}

  /** A document of the corpus. */
  public record Document(String id, String title, GroundedDocument grounded) {}

  private final List<Document> documents = new ArrayList<>();
  private final List<Question> questions = new ArrayList<>();

  public List<Document> documents() {
    return documents;
  }

  public List<Question> questions() {
    return questions;
  }

  public static RagEvalCorpus build() {
    RagEvalCorpus c = new RagEvalCorpus();
    c.invoices();
    c.annualReports();
    c.safetyHandbooks();
    c.datasheets();
    c.minutes();
    c.leases();
    return c;
  }

  // ---------------------------------------------------------------- invoices

  private record Vendor(String name, String city, String item1, String item2, String item3) {}

  private void invoices() {
    // 30 vendors: every business type three times, so every invoice has look-alikes
    String[] names = {"Acme", "Borealis", "Cobalt", "Delta", "Evergreen", "Fjord", "Granite", "Harbor", "Ivory",
        "Juniper", "Keystone", "Lumen", "Meridian", "Nordic", "Orchid", "Pinnacle", "Quarry", "Redwood", "Summit",
        "Tidewater", "Umbra", "Vantage", "Willow", "Zenith", "Atlas", "Beacon", "Cedar", "Dune", "Ember", "Falcon"};
    String[] cities = {"Leeds", "Oslo", "Lyon", "Ghent", "Bristol", "Bergen", "Porto", "Rotterdam", "Dublin", "Tallinn",
        "Aarhus", "Graz", "Bilbao", "Turku", "Utrecht"};
    String[][] types = {
      {"Industrial Supplies", "Steel brackets, pack of 50", "Hex bolts M8, box of 200", "Safety goggles"},
      {"Logistics", "Pallet freight to Hamburg", "Customs clearance", "Cargo insurance"},
      {"Office Furniture", "Height-adjustable desk", "Ergonomic office chair", "Cable tray"},
      {"Print Services", "Annual report printing, 500 copies", "Business cards", "Poster A1"},
      {"Catering", "Conference lunch for 80 guests", "Coffee service", "Vegetarian buffet"},
      {"Software Licensing", "Analytics suite licence, 25 seats", "Premium support", "Training day"},
      {"Construction Materials", "Ready-mix concrete, 12 cubic metres", "Rebar 12 mm", "Formwork rental"},
      {"Electrical", "Switchboard installation", "Copper cable 100 m", "Emergency lighting test"},
      {"Cleaning Services", "Monthly office cleaning", "Window cleaning", "Carpet shampooing"},
      {"Telecom", "Fibre line 1 Gbit/s, monthly", "Router rental", "Static IP addresses"},
    };
    Vendor[] vendors = new Vendor[names.length];
    for (int i = 0; i < names.length; i++) {
      String[] t = types[i % types.length];
      vendors[i] = new Vendor(names[i] + " " + t[0], cities[i % cities.length], t[1], t[2], t[3]);
    }
    for (int i = 0; i < vendors.length; i++) {
      Vendor v = vendors[i];
      String number = String.format(Locale.ROOT, "INV-2024-%04d", 117 + i * 53);
      int days = new int[] {14, 30, 45, 60}[i % 4];
      int[] cents = {129_000 + i * 7_310, 48_050 + i * 1_990, 9_900 + i * 515};
      int subtotal = cents[0] + cents[1] + cents[2];
      int vat = subtotal / 5;
      int total = subtotal + vat;
      String dueDate = (1 + i % 28) + " " + new String[] {"March", "April", "May", "June"}[i % 4] + " 2024";
      double lateRate = 1.0 + (i % 3) * 0.5;
      String id = "invoice-" + number.toLowerCase(Locale.ROOT);
      Doc d = new Doc(id, "Invoice " + number);
      d.page();
      d.header(v.name() + " · " + v.city());
      d.title("# Invoice " + number);
      d.text("Issued by " + v.name() + ", " + v.city() + ", on 2 February 2024 to Northwind Traders Ltd, purchasing"
          + " department, order reference PO-" + (5500 + i * 37) + ".");
      d.table(new String[][] {
          {"Item", "Quantity", "Amount (EUR)"},
          {v.item1(), "1", money(cents[0])},
          {v.item2(), "2", money(cents[1])},
          {v.item3(), "1", money(cents[2])}});
      Box totals = d.text("Subtotal " + money(subtotal) + " EUR. VAT 20 % " + money(vat) + " EUR. Total due "
          + money(total) + " EUR.");
      Box terms = d.text("Payment terms: net " + days + " days, that is by " + dueDate + ", by bank transfer to IBAN"
          + " NL" + (20 + i) + "BANK0" + (123456789 + i * 1111) + ". Late payment incurs interest of " + lateRate
          + " % per month and a fixed recovery fee of 40 EUR.");
      d.endPage();
      d.page();
      d.header(v.name() + " · " + v.city());
      d.heading("## General terms of sale");
      d.text("1. Delivery. Goods travel at the buyer's risk once handed to the carrier. Delivery dates are estimates"
          + " and a delay does not entitle the buyer to cancel the order.");
      d.text("2. Retention of title. " + v.name() + " remains the owner of the goods until the invoice is paid in"
          + " full, including any costs of collection.");
      d.text("3. Complaints. Visible defects must be reported within eight days of delivery, with photographs and the"
          + " delivery note number; later complaints cannot be accepted.");
      d.text("4. Disputes. These terms are governed by the law of the country of " + v.city() + ", and its courts"
          + " alone decide disputes.");
      d.endPage();
      add(d);
      if (i % 3 == 0) {
        questions.add(new Question("inv-total-" + i, "keyword", "What is the total of invoice " + number + "?", id, d.pageOf(totals), totals));
      }
      if (i % 3 == 1) {
        questions.add(new Question("inv-due-" + i, "natural", "When does the " + v.name() + " invoice have to be paid?", id, d.pageOf(terms), terms));
      }
      if (i % 3 == 2) {
        questions.add(new Question("inv-late-" + i, "paraphrase",
            "What penalty applies if we settle the " + v.name() + " bill after the deadline?", id, d.pageOf(terms), terms));
      }
    }
  }

  private static String money(int cents) {
    return String.format(Locale.ROOT, "%,d.%02d", cents / 100, cents % 100);
  }

  // ---------------------------------------------------------------- annual reports

  private record Company(String name, String sector, int growth, int revenue, int staff, String dividend, String plant, String risk) {}

  private void annualReports() {
    Company[] companies = {
      new Company("Northwind Traders", "wholesale food distribution", 12, 840, 1240, "0.45", "a cold-storage hub in Antwerp",
          "rising energy prices for refrigerated warehouses"),
      new Company("Contoso Pharma", "generic medicines", 7, 2310, 3450, "1.10", "a sterile filling line in Cork",
          "delays in regulatory approval of new generics"),
      new Company("Tailspin Aerospace", "aircraft components", -4, 615, 2100, "none", "a composite wing-spar workshop in Toulouse",
          "a shortage of titanium forgings from a single supplier"),
      new Company("Fabrikam Foods", "breakfast cereals", 3, 1190, 1875, "0.32", "a new oat mill in Tampere",
          "poor harvests driving up grain costs"),
      new Company("Litware Energy", "wind turbine maintenance", 18, 455, 980, "0.20", "a blade repair hall in Esbjerg",
          "falling subsidies for onshore wind farms"),
      new Company("Adventure Works", "outdoor equipment", 5, 730, 1420, "0.60", "a distribution centre near Milan",
          "a warm winter reducing demand for ski gear"),
      new Company("Wingtip Toys", "wooden toys", -9, 120, 410, "none", "an online shop for the US market",
          "new safety rules for small parts in toys"),
      new Company("Proseware Systems", "payroll software", 22, 310, 760, "0.15", "a second data centre in Frankfurt",
          "losing key engineers to larger competitors"),
    };
    for (Company c : companies) {
      String id = "report-" + c.name().toLowerCase(Locale.ROOT).replace(' ', '-');
      Doc d = new Doc(id, c.name() + " annual report 2023");
      d.page();
      d.header(c.name() + " · Annual report 2023");
      d.title("# " + c.name() + " annual report 2023");
      d.heading("## Letter from the chair");
      d.text("Dear shareholders, 2023 was a year of steady work for " + c.name() + ", a company in " + c.sector()
          + ". We thank our customers, our suppliers and our people for their commitment throughout the year.");
      d.heading("## Financial performance");
      Box revenue = d.text(c.growth() >= 0
          ? "Net revenue rose " + c.growth() + " % to EUR " + c.revenue() + " million, compared with the 2022 financial year,"
              + " with operating margin stable at 9 %."
          : "Net revenue fell " + (-c.growth()) + " % to EUR " + c.revenue() + " million, compared with the 2022 financial year,"
              + " as two large customers postponed orders.");
      d.endPage();
      d.page();
      d.header(c.name() + " · Annual report 2023");
      d.heading("## Customers and markets");
      d.text("Our largest markets remained Germany, France and the Nordic countries. The ten largest customers"
          + " accounted for a third of sales, and online orders now make up a growing share of the total.");
      d.heading("## Our people");
      Box staff = d.text("At 31 December 2023 the group had " + String.format(Locale.ROOT, "%,d", c.staff())
          + " employees in full-time equivalents, after hiring 140 apprentices during the year.");
      d.heading("## Shareholder returns");
      Box dividend = d.text(c.dividend().equals("none")
          ? "The board proposes not to distribute a dividend for 2023, in order to preserve cash."
          : "The board proposes a dividend of EUR " + c.dividend() + " per share for 2023, payable in May.");
      d.endPage();
      d.page();
      d.header(c.name() + " · Annual report 2023");
      d.heading("## Sustainability");
      d.text("Scope 1 and 2 emissions fell by six percent. All sites now buy certified renewable electricity and"
          + " the company fleet is being replaced by electric vans over three years.");
      d.heading("## Governance");
      d.text("The board met nine times. Two independent directors joined during the year, and the audit committee"
          + " reviewed the internal control framework with the external auditors.");
      d.heading("## Outlook");
      Box plant = d.text("For 2024 we expect moderate growth. The main investment will be " + c.plant()
          + ", due to open in the second half of the year.");
      d.heading("## Principal risks");
      Box risk = d.list("- " + Character.toUpperCase(c.risk().charAt(0)) + c.risk().substring(1)
          + "\n- Currency movements against the US dollar\n- Cyber attacks on our ordering systems");
      d.endPage();
      add(d);
      String n = c.name();
      String first = n.split(" ")[0];
      questions.add(new Question(id + "-revenue", "paraphrase", "How much did " + first + "'s sales change last year?", id, d.pageOf(revenue), revenue));
      questions.add(new Question(id + "-staff", "paraphrase", "How large is the workforce of " + n + "?", id, d.pageOf(staff), staff));
      questions.add(new Question(id + "-dividend", "keyword", n + " dividend per share 2023", id, d.pageOf(dividend), dividend));
      questions.add(new Question(id + "-plant", "natural", "What will " + n + " invest in during 2024?", id, d.pageOf(plant), plant));
      questions.add(new Question(id + "-risk", "paraphrase", "What threatens the business of " + first + " in the coming year?", id, d.pageOf(risk), risk));
    }
  }

  // ---------------------------------------------------------------- lab safety handbooks

  private record Lab(String name, String reagent, String storage, String phone, String glove, String spill) {}

  private void safetyHandbooks() {
    Lab[] labs = {
      new Lab("Chemistry building A", "reagent X-14", "2 to 8 C", "+44 20 7946 0991", "nitrile gloves",
          "rinse the skin under running water for at least 15 minutes and remove contaminated clothing"),
      new Lab("Microbiology laboratory", "culture medium MB-7", "minus 20 C", "+44 20 7946 0417", "double latex gloves",
          "wash with soap, apply 70 % ethanol and report the exposure to the biosafety officer"),
      new Lab("Materials workshop", "epoxy hardener EH-3", "below 25 C", "+44 20 7946 0288", "cut-resistant gloves",
          "wipe off the resin with a dry cloth, then wash with soap and lukewarm water"),
      new Lab("Physics basement laboratory", "liquid nitrogen LN-2", "minus 196 C in a vented dewar", "+44 20 7946 0530",
          "insulated cryogenic gloves", "warm the area slowly with lukewarm water and never rub frozen skin"),
      new Lab("Pharmacy teaching laboratory", "buffer solution PB-9", "15 to 25 C", "+44 20 7946 0642", "powder-free nitrile gloves",
          "rinse with plenty of water and show the product label to the first aider"),
      new Lab("Geology preparation room", "mounting resin RX-5", "below 20 C", "+44 20 7946 0755", "chemical-resistant neoprene gloves",
          "scrape off the hardened resin gently and wash the skin with soap"),
    };
    for (Lab lab : labs) {
      String id = "safety-" + lab.name().toLowerCase(Locale.ROOT).replace(' ', '-');
      Doc d = new Doc(id, "Safety handbook: " + lab.name());
      d.page();
      d.title("# Safety handbook: " + lab.name());
      d.heading("## Personal protective equipment");
      Box gloves = d.text("Everyone working at the benches must wear a lab coat, safety glasses and " + lab.glove()
          + ". Remove gloves before touching door handles, keyboards or phones.");
      d.heading("## Fire");
      d.text("If you discover a fire, raise the alarm, close the doors and leave by the nearest exit. Use an"
          + " extinguisher only if you are trained and the fire is small.");
      d.heading("## Working alone");
      d.text("Nobody works alone with hazardous substances outside normal hours. Sign the out-of-hours book and tell"
          + " the porter when you arrive and when you leave.");
      d.heading("## Skin contact and spills");
      Box skin = d.text("If a substance reaches your skin, " + lab.spill() + ". Small spills are absorbed with the"
          + " spill kit next to the sink; large spills are reported at once.");
      d.endPage();
      d.page();
      d.heading("## Storage");
      Box storage = d.table(new String[][] {
          {"Substance", "Storage temperature", "Shelf"},
          {lab.reagent(), lab.storage(), "cabinet 3"},
          {"Isopropanol", "below 30 C", "flammables cabinet"},
          {"Sodium chloride", "room temperature", "shelf B"}});
      d.heading("## Waste");
      d.text("Solvent waste goes into the red canisters, sharps into the yellow bins. Never pour solvents down"
          + " the drain.");
      d.heading("## Training");
      d.text("New staff and students complete the induction course and a practical session with their supervisor"
          + " before they start work. Refresher training is due every two years.");
      d.heading("## Emergency contacts");
      Box phone = d.text("Safety officer, day and night: " + lab.phone() + ". First aiders are listed on the notice"
          + " board by the entrance.");
      d.endPage();
      add(d);
      questions.add(new Question(id + "-skin", "paraphrase",
          "Something splashed on my hand in the " + lab.name().toLowerCase(Locale.ROOT) + ", what do I do?", id, d.pageOf(skin), skin));
      questions.add(new Question(id + "-storage", "natural",
          "At what temperature must " + lab.reagent() + " be kept?", id, d.pageOf(storage), storage));
      questions.add(new Question(id + "-phone", "keyword",
          "emergency phone number safety officer " + lab.name(), id, d.pageOf(phone), phone));
      questions.add(new Question(id + "-gloves", "natural",
          "Which gloves are required in the " + lab.name().toLowerCase(Locale.ROOT) + "?", id, d.pageOf(gloves), gloves));
    }
  }

  // ---------------------------------------------------------------- product datasheets

  private record Product(String name, String kind, String weight, String battery, String water, int warranty, String temp) {}

  private void datasheets() {
    Product[] products = {
      new Product("XR-200", "camera drone", "890 g", "31 minutes of flight", "not water resistant", 2, "0 to 40 C"),
      new Product("Voltix 3000", "power bank", "410 g", "charges a phone about six times", "splash resistant (IPX4)", 1, "-10 to 45 C"),
      new Product("Orbit S2", "portable speaker", "540 g", "18 hours of playback", "waterproof to 1 m for 30 minutes (IPX7)", 2, "-20 to 50 C"),
      new Product("Nimbus 7", "wireless router", "720 g", "no battery, mains powered", "for indoor use only", 3, "0 to 35 C"),
      new Product("AquaPure 5", "water filter jug", "1.1 kg", "no battery; the cartridge lasts 150 litres", "dishwasher safe lid", 1, "4 to 30 C"),
      new Product("Lumo L4", "desk lamp", "1.3 kg", "mains powered, no battery", "not protected against water", 5, "5 to 35 C"),
      new Product("Pulse HR2", "fitness band", "24 g", "7 days between charges", "swim-proof to 50 m (5 ATM)", 1, "-10 to 45 C"),
      new Product("Breeze F6", "tower fan", "4.2 kg", "mains powered, no battery", "indoor use only, keep dry", 2, "0 to 40 C"),
      new Product("Trailcam T3", "wildlife camera", "320 g", "up to 6 months on 8 AA batteries", "weatherproof (IP66)", 2, "-20 to 60 C"),
      new Product("Echo Mini", "smart speaker", "300 g", "no battery, USB-C powered", "not water resistant", 1, "0 to 40 C"),
    };
    for (Product p : products) {
      String id = "datasheet-" + p.name().toLowerCase(Locale.ROOT).replace(' ', '-');
      Doc d = new Doc(id, p.name() + " datasheet");
      d.page();
      d.title("# " + p.name() + " " + p.kind());
      d.text("The " + p.name() + " is a " + p.kind() + " designed for everyday use at home and on the road.");
      d.heading("## Specifications");
      Box specs = d.table(new String[][] {
          {"Property", "Value"},
          {"Weight", p.weight()},
          {"Battery", p.battery()},
          {"Operating temperature", p.temp()},
          {"Water protection", p.water()}});
      d.heading("## In the box");
      d.list("- " + p.name() + "\n- USB-C cable\n- Quick start guide\n- Safety leaflet");
      d.heading("## Care");
      d.text("Clean the housing with a soft dry cloth. Do not use solvents or abrasive cleaners, and keep the device"
          + " away from open flames and direct heat.");
      d.heading("## Warranty");
      Box warranty = d.text("The " + p.name() + " comes with a " + p.warranty() + "-year limited warranty covering"
          + " manufacturing defects. Keep your receipt; the warranty does not cover drops or misuse.");
      d.heading("## Regulatory information");
      d.text("The " + p.name() + " complies with the applicable EU directives on radio equipment, electromagnetic"
          + " compatibility and hazardous substances. Dispose of it at an electronics recycling point.");
      d.endPage();
      add(d);
      questions.add(new Question(id + "-battery", "natural", "How long does the " + p.name() + " battery last?", id, d.pageOf(specs), specs));
      questions.add(new Question(id + "-warranty", "keyword", p.name() + " warranty years", id, d.pageOf(warranty), warranty));
      questions.add(new Question(id + "-water", "paraphrase", "Can I take the " + p.name() + " into the rain?", id, d.pageOf(specs), specs));
    }
  }

  // ---------------------------------------------------------------- meeting minutes

  private record Meeting(String body, String date, String next, String decision, String action, String chair) {}

  private void minutes() {
    Meeting[] meetings = {
      new Meeting("Riverside city council", "12 March 2024", "9 April 2024 at 7 pm in the town hall",
          "approved the renovation of the Mill Street bridge for EUR 1.8 million", "Roads department to close the bridge from June", "Mayor Ana Ruiz"),
      new Meeting("Elm Street tenants association", "3 February 2024", "2 March 2024 in the community room",
          "voted to ask the landlord to replace the broken lift", "Maria Keller to collect quotes for the roof repairs", "Tom Becker"),
      new Meeting("Northwind Traders board", "25 January 2024", "18 April 2024 by video call",
          "approved the budget for the Antwerp cold-storage hub", "The finance director to negotiate the construction loan", "Helen Park"),
      new Meeting("Oakwood school governors", "6 March 2024", "15 May 2024 in the library",
          "agreed to extend the school day by 20 minutes from September", "The head teacher to consult parents on the timetable", "Rev. Simon Hale"),
      new Meeting("Harbour sailing club committee", "10 January 2024", "14 February 2024 in the clubhouse",
          "decided to raise the annual membership fee to EUR 240", "Peter Lund to repair the slipway winch before the season", "Commodore Ines Vidal"),
      new Meeting("Greenfield parish council", "20 February 2024", "19 March 2024 in the village hall",
          "agreed to install two speed cameras on the main road", "The clerk to apply to the county for funding", "Cllr. Ruth Ames"),
      new Meeting("Maple Court residents association", "8 March 2024", "12 April 2024 in flat 1",
          "voted to plant a shared vegetable garden behind block C", "Jonas Weber to order soil and raised beds", "Lena Hoff"),
      new Meeting("Contoso Pharma works council", "29 January 2024", "26 March 2024 in meeting room 4",
          "approved the new shift rota for the Cork filling line", "HR to publish the rota two weeks in advance", "Declan Byrne"),
    };
    for (Meeting m : meetings) {
      String id = "minutes-" + m.body().toLowerCase(Locale.ROOT).replace(' ', '-');
      Doc d = new Doc(id, "Minutes of the " + m.body());
      d.page();
      d.title("# Minutes of the " + m.body() + ", " + m.date());
      d.text("Present: " + m.chair() + " (chair) and eleven members. Apologies were received from two members.");
      d.heading("## Decisions");
      Box decision = d.text("After discussion, the meeting " + m.decision() + ". The vote was carried by a clear majority.");
      d.heading("## Actions");
      Box action = d.list("- " + m.action() + "\n- The secretary to circulate these minutes within a week");
      d.endPage();
      d.page();
      d.heading("## Treasurer's report");
      d.text("The treasurer presented the accounts for the last quarter. Income was in line with the budget and"
          + " reserves stand at a comfortable level; the report was accepted without amendment.");
      d.heading("## Correspondence");
      d.text("Letters were received from two residents and from the regional authority; the secretary will reply"
          + " on behalf of the meeting.");
      d.heading("## Any other business");
      d.text("Members raised the state of the car park and the noise from the neighbouring building site.");
      d.heading("## Next meeting");
      Box next = d.text("The next meeting will be held on " + m.next() + ".");
      d.endPage();
      add(d);
      String who = m.body();
      questions.add(new Question(id + "-next", "natural", "When is the next meeting of the " + who + "?", id, d.pageOf(next), next));
      questions.add(new Question(id + "-decision", "natural", "What did the " + who + " decide on " + m.date() + "?", id, d.pageOf(decision), decision));
      questions.add(new Question(id + "-action", "paraphrase", "Who was given a task at the " + who + " meeting?", id, d.pageOf(action), action));
    }
  }

  // ---------------------------------------------------------------- leases

  private record Lease(String address, String rent, String deposit, String notice, String pets) {}

  private void leases() {
    Lease[] leases = {
      new Lease("14 Elm Street, flat 3", "EUR 1,150 per month", "two months' rent", "three months in writing",
          "Pets are not allowed in the flat or the garden."),
      new Lease("7 Harbour Road", "EUR 980 per month", "one month's rent", "two months in writing",
          "One cat or one small dog may be kept with the landlord's written consent."),
      new Lease("22 Station Square, unit B", "EUR 2,400 per month", "three months' rent", "six months before the end of a year",
          "No animals may be kept on the premises."),
      new Lease("5 Mill Lane", "EUR 1,320 per month", "six weeks' rent", "one month in writing",
          "Small caged animals and fish are allowed; dogs and cats are not."),
      new Lease("31 Quay Street, apartment 12", "EUR 1,700 per month", "two months' rent", "three months, ending on the last day of a month",
          "The tenant may keep one dog provided it does not disturb the neighbours."),
      new Lease("9 Orchard Close", "EUR 1,050 per month", "one month's rent", "two months in writing, at the earliest after one year",
          "Pets require the landlord's prior written permission, which may be withdrawn."),
    };
    for (Lease l : leases) {
      String id = "lease-" + l.address().toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-");
      Doc d = new Doc(id, "Lease: " + l.address());
      d.page();
      d.title("# Residential lease: " + l.address());
      d.heading("## 1. Rent and deposit");
      Box rent = d.text("The tenant pays a rent of " + l.rent() + ", due on the first working day of each month, and a"
          + " deposit of " + l.deposit() + " held in a protected deposit account.");
      d.heading("## 2. Term and termination");
      Box notice = d.text("The lease runs for an indefinite period. Either party may end it by giving notice of "
          + l.notice() + ".");
      d.endPage();
      d.page();
      d.heading("## 3. Use of the property");
      Box pets = d.text("The property is let as a private home only. " + l.pets() + " Smoking is not permitted indoors.");
      d.heading("## 4. Repairs");
      d.text("The landlord keeps the structure, roof, heating and plumbing in repair; the tenant replaces light bulbs and"
          + " keeps the drains clear.");
      d.heading("## 5. Insurance");
      d.text("The landlord insures the building; the tenant insures their own belongings and is liable for damage"
          + " caused by negligence of the household or its guests.");
      d.heading("## 6. Access");
      d.text("The landlord may enter the property for inspections and repairs at reasonable times after giving 24"
          + " hours' notice, except in an emergency.");
      d.endPage();
      add(d);
      questions.add(new Question(id + "-notice", "natural", "How much notice is needed to end the lease at " + l.address() + "?", id, d.pageOf(notice), notice));
      questions.add(new Question(id + "-pets", "paraphrase", "May I keep a dog at " + l.address() + "?", id, d.pageOf(pets), pets));
      questions.add(new Question(id + "-rent", "keyword", l.address() + " rent deposit", id, d.pageOf(rent), rent));
    }
  }

  // ---------------------------------------------------------------- layout

  private void add(Doc d) {
    documents.add(new Document(d.id, d.title, new GroundedDocument(d.id + ".pdf", "eval", d.pages())));
  }

  /** Lays regions out top to bottom on 1654 x 2339 pages (A4 at 200 dpi), as an OCR engine would report them. */
  private static final class Doc {
    static final int W = 1654;
    static final int H = 2339;
    final String id;
    final String title;
    final List<List<Region>> pages = new ArrayList<>();
    final java.util.Map<Box, Integer> pageOfBox = new java.util.IdentityHashMap<>();
    String runningHeader;
    int y;

    Doc(String id, String title) {
      this.id = id;
      this.title = title;
    }

    void page() {
      pages.add(new ArrayList<>());
      y = 150;
    }

    Box place(String label, String text, int height) {
      if (y + height > 2200) {
        // a full page: continue on the next one, with its running header and a page number
        endPage();
        page();
        if (runningHeader != null) {
          header(runningHeader);
        }
      }
      Box b = new Box(140, y, 1514, y + height);
      pages.get(pages.size() - 1).add(new Region(label, List.of(b), text));
      pageOfBox.put(b, pages.size());
      y += height + 30;
      return b;
    }

    int pageOf(Box answer) {
      return pageOfBox.get(answer);
    }

    static int lines(String text) {
      return Math.max(1, (int) Math.ceil(text.length() / 95.0));
    }

    void header(String text) {
      runningHeader = text;
      pages.get(pages.size() - 1).add(new Region("header", List.of(new Box(140, 50, 1514, 90)), text));
    }

    /** The page number at the foot of the current page, as a footer region. */
    void endPage() {
      pages.get(pages.size() - 1).add(
          new Region("page_number", List.of(new Box(800, 2250, 860, 2290)), Integer.toString(pages.size())));
    }

    Box title(String text) {
      return place("title", text, 70);
    }

    Box heading(String text) {
      return place("sub_title", text, 50);
    }

    Box text(String text) {
      return place("text", text, 20 + 38 * lines(text));
    }

    Box list(String text) {
      return place("list", text, 20 + 38 * text.split("\n").length);
    }

    Box table(String[][] rows) {
      StringBuilder html = new StringBuilder("<table>");
      for (String[] row : rows) {
        html.append("<tr>");
        for (String cell : row) {
          html.append("<td>").append(cell).append("</td>");
        }
        html.append("</tr>");
      }
      html.append("</table>");
      return place("table", html.toString(), 40 + 45 * rows.length);
    }

    List<GroundedPage> pages() {
      List<GroundedPage> out = new ArrayList<>();
      for (int i = 0; i < pages.size(); i++) {
        out.add(new GroundedPage(i + 1, W, H, pages.get(i), PageStats.of("eval", "", 0)));
      }
      return out;
    }
  }
}
