"""Sentence labels from plain strings: claims, and the look-alikes that are not claims."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from classifiers.analysis import BlockAnalyzer
from classifiers.classifier import ZONE_DOCUMENTS
from classifiers.document import Block
from classifiers.verdict import page_verdict


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("Our stem cell injections are FDA exempt.", {"regulatory_exempt"}),
        ("Our cord cells come without the FDA's red tape.", {"regulatory_exempt"}),
        (
            "Two injections of our stem cells seal annular tears and bring dried-out discs back "
            "to life.",
            {"efficacy_claim"},
        ),
        (
            "After our stem cell injections the disc keeps regenerating for months.",
            {"efficacy_claim"},
        ),
        (
            "Her disc height increased by 30% in 90 days after our stem cell injections.",
            {"efficacy_claim"},
        ),
        (
            "There is no chance of a bad reaction to our stem cells because they are your own.",
            {"safety_claim"},
        ),
        ("0 serious side effects in 2,400 stem cell procedures", {"safety_claim"}),
        ("Stem cell injections: 0 serious side effects in 2,400 procedures", {"safety_claim"}),
        (
            "If you have a sports injury, joint damage or back pain, you may be a candidate for "
            "our stem cell program.",
            {"treatment_claim"},
        ),
        ("Our umbilical stem cells are not tumorigenic and non-immunogenic.", {"safety_claim"}),
        ("Fat-derived stem cells have an impeccable safety record.", {"safety_claim"}),
        ("Our treatment needs no approval from the FDA.", {"regulatory_exempt"}),
        (
            "Our treatment doesn't need surgery and it cures sciatica in one session.",
            {"efficacy_claim"},
        ),
        ("✅ No surgery ✅ No side effects with our stem cells", {"safety_claim"}),
        ("After three months my MRI showed my discs had regenerated.", {"efficacy_claim"}),
        (
            "Dr. Ray's stem cell shots did what two surgeons couldn't: my sciatica is cured.",
            {"efficacy_claim"},
        ),
        (
            "Our stem cell program has helped thousands of people walk away from back surgery.",
            {"efficacy_claim"},
        ),
        (
            "The relief from our stem cell injections lasts longer than cortisone shots.",
            {"efficacy_claim"},
        ),
        (
            "Our fat-derived cells have regenerative, anti-inflammatory, pain-relieving and "
            "immune-balancing properties.",
            {"efficacy_claim"},
        ),
        ("Your own stem cells are not associated with any risk of cancer.", {"safety_claim"}),
        (
            "Because the cells are your own, the injection does not risk rejection.",
            {"safety_claim"},
        ),
        (
            "With our stem cells, infections and other complications are unreported.",
            {"safety_claim"},
        ),
        ("Our stem cell protocol shows improvement for at least two years.", {"efficacy_claim"}),
        ("Our exosome shots relieve pain without having to resort to surgery.", {"efficacy_claim"}),
        ("Our clinic is licensed by COFEPRIS, the Mexican health ministry.", {"approval_claim"}),
        ("We use stem cells with PRP to treat advanced joint damage.", {"treatment_claim"}),
        (
            "I was stuck in a wheelchair with back pain, and two weeks after the stem cells I "
            "was walking again.",
            {"efficacy_claim"},
        ),
        (
            "The FDA does not approve or disapprove stem cell injections, so your doctor decides.",
            {"regulatory_exempt"},
        ),
        (
            "Our Wharton jelly products have remarkable regenerative and anti-inflammatory "
            "properties.",
            {"efficacy_claim"},
        ),
        (
            "Once injected, the stem cells transform into the tissue that was injured.",
            {"efficacy_claim"},
        ),
        ("We assured him our stem cells would regrow his discs.", {"efficacy_claim"}),
        ("Our clinic offers stem cell injections that regrow discs.", {"efficacy_claim"}),
        (
            "Our stem cell therapy has no side effects and is FDA approved.",
            {"safety_claim", "approval_claim"},
        ),
        (
            "Stem cell therapy is completely legal as long as the clinic using it is licensed.",
            {"regulatory_exempt"},
        ),
        (
            "Because the cells are your own and minimally manipulated, no FDA approval is needed.",
            {"regulatory_exempt"},
        ),
        ("We use FDA-approved stem cells from an FDA-registered lab.", {"approval_claim"}),
        ("Our clinic is licensed by COFEPRIS to offer stem cell therapy.", {"approval_claim"}),
        ("Stem cell injections regrow your damaged discs.", {"efficacy_claim"}),
        ("Our stem cell therapy has a 90% success rate.", {"efficacy_claim"}),
        ("Stem cell therapy is completely safe with no side effects.", {"safety_claim"}),
        (
            "Our stem cells can help relieve your low back pain.",
            {"treatment_claim"},
        ),
        ("After my stem cell injection my sciatica was gone.", {"efficacy_claim"}),
        ("Stem cell therapy saved me from back surgery.", {"efficacy_claim"}),
        ("Our stem cell injections carry virtually zero risk of infection.", {"safety_claim"}),
        ("Our umbilical cord cells never trigger an immune reaction.", {"safety_claim"}),
        ("In Mexico our stem cell clinic is not limited by FDA rules.", {"regulatory_exempt"}),
        ("Here there is no waiting for FDA approval of stem cell therapy.", {"regulatory_exempt"}),
        (
            "Our doctors do not need to wait for FDA approval: the cells are yours.",
            {"regulatory_exempt"},
        ),
        (
            "Peak Spine is the only clinic in Denver offering FDA-approved stem cells.",
            {"approval_claim"},
        ),
        ("Our amniotic stem cell product: approved in 35 countries!", {"approval_claim"}),
        (
            "Thousands of patients chose our stem cell injections over spinal fusion.",
            {"efficacy_claim"},
        ),
        ("Stem cell therapy can help you get off opioids for good.", {"efficacy_claim"}),
        ("Free seminar: stem cells and the end of back surgery!", {"efficacy_claim"}),
        (
            "Dr. Lane has given 2,000 stem cell injections without a single serious complication.",
            {"safety_claim"},
        ),
        (
            "Because our stem cell product is a tissue and not a drug, it does not require FDA "
            "approval.",
            {"regulatory_exempt"},
        ),
        (
            "Why suffer through spinal fusion when stem cells can regrow your disc?",
            {"efficacy_claim"},
        ),
        ("Years of trials have proven the safety of our stem cell injections.", {"safety_claim"}),
        ("Rest assured that your own stem cells will never harm you.", {"safety_claim"}),
        ("With stem cells, side effects and complications are minimal.", {"safety_claim"}),
        ("No complications were recorded in our 2,000 stem cell patients.", {"safety_claim"}),
        ("Our amniotic injections have never caused a single side effect.", {"safety_claim"}),
        ("Rest easy: our stem cell treatments are legal.", {"regulatory_exempt"}),
        ("After two stem cell injections her disc herniation shrank by half.", {"efficacy_claim"}),
        (
            "Cells taken from your own fat on the same day do not fall in the drug category.",
            {"regulatory_exempt"},
        ),
        (
            "Our clinic's cell procedures follow the guidelines on tissue use set by the FDA.",
            {"approval_claim"},
        ),
        ("Our stem cell protocol is backed by dozens of clinical studies.", {"efficacy_claim"}),
        ("Let your own stem cells fix your aching back!", {"efficacy_claim"}),
        ("Our medical director Dr. Lee says our stem cells regrow discs.", {"efficacy_claim"}),
        ("Our amniotic injections have powerful regenerative properties.", {"efficacy_claim"}),
        ("With our stem cell therapy you will never need back surgery again.", {"efficacy_claim"}),
        ("Ask about our stem cell sciatica treatment.", {"treatment_claim"}),
        (
            "We recommend umbilical cord stem cells for the treatment of herniated discs.",
            {"treatment_claim"},
        ),
        (
            "The aim of a stem cell injection is to repair the damaged disc from within.",
            {"efficacy_claim"},
        ),
        (
            "Done in one visit with your own cells, it is legal without any FDA approval.",
            {"regulatory_exempt"},
        ),
        (
            "Unregulated clinics such as ours use expanded stem cells that regrow discs.",
            {"efficacy_claim"},
        ),
        ("My surgeon told me the stem cells had regrown my disc.", {"efficacy_claim"}),
        ("After stem cell shots, 91% of people surveyed felt less neck pain.", {"efficacy_claim"}),
        ("Expanded stem cells mean ten times more cells and faster healing.", {"efficacy_claim"}),
        (
            "Most patients feel their disc pain fade within days of our stem cell shot.",
            {"efficacy_claim"},
        ),
        ("Thousands of our stem cell patients have found relief.", {"efficacy_claim"}),
        (
            "Our stem cell clinic has not seen a single infection in fifteen years.",
            {"safety_claim"},
        ),
        (
            "Adult stem cells are not linked to the kind of tumors embryonic cells can form.",
            {"safety_claim"},
        ),
        (
            "A stem cell injection eliminates the risks of anesthesia and hardware failure.",
            {"safety_claim"},
        ),
        (
            "Our umbilical stem cell product needs no clinical trials under its 361 listing.",
            {"regulatory_exempt"},
        ),
        (
            "We use your own bone marrow to treat damaged tendons and ligaments.",
            {"treatment_claim"},
        ),
        ("Three weeks after my stem cell shot my back is 100% healed!", {"efficacy_claim"}),
        ("Spring special only: FDA-approved stem cells for $2,400.", {"approval_claim"}),
        ("Stem cell injection side effects: none", {"safety_claim"}),
        ("Most patients found relief after a single stem cell injection.", {"efficacy_claim"}),
        (
            "I was booked for a fusion and cancelled it after my stem cell injection.",
            {"efficacy_claim"},
        ),
        ("A year after his stem cell shots he is still surgery-free.", {"efficacy_claim"}),
        ("The stem cell injections worked when nothing else did.", {"efficacy_claim"}),
        ("After stem cell therapy my pain score fell from 9 out of 10 to 2.", {"efficacy_claim"}),
        ("Stem cell shots: better than surgery!", {"efficacy_claim"}),
        ("Our clinic is promoting stem cell injections that regrow discs.", {"efficacy_claim"}),
        (
            "After two stem cell treatments he walked out of the clinic without a cane.",
            {"efficacy_claim"},
        ),
        ("Sciatica, patients reporting improvement: 87%", {"efficacy_claim"}),
        (
            "Because exosomes are not cells, exosome vials are not regulated as drugs and need no "
            "FDA approval.",
            {"regulatory_exempt"},
        ),
        ("Our cord tissue cells are immune privileged.", {"safety_claim"}),
        (
            "An exosome shot avoids the risks of rejection that whole stem cells carry.",
            {"safety_claim"},
        ),
        (
            "We offer a non-surgical stem cell treatment for disc degeneration.",
            {"treatment_claim"},
        ),
        (
            "Years of practice tell us stem cell therapy is a beneficial treatment for knee "
            "arthritis.",
            {"efficacy_claim", "treatment_claim"},
        ),
        ("The safety of our cord stem cell shots is well established.", {"safety_claim"}),
        (
            "The FDA publishes rules for handling tissue, and we follow all of those rules in "
            "our stem cell lab.",
            {"approval_claim"},
        ),
        (
            "The safety of our cord cell injections is guaranteed by donor screening.",
            {"safety_claim"},
        ),
        ("In ten years, not one of our patients has had a serious complication.", {"safety_claim"}),
        (
            "Most patients experience benefits within weeks of their stem cell shot.",
            {"efficacy_claim"},
        ),
        ("I went from 8/10 pain to zero after my stem cell shot.", {"efficacy_claim"}),
        # the "not" denies only its own predicate; an answer's "No" denies the question asked
        ("Exosomes are not cells and are exempt from FDA approval.", {"regulatory_exempt"}),
        ("No - our stem cell injections are completely safe.", {"safety_claim"}),
        (
            "Your own stem cells mean you never have to worry about rejection.",
            {"safety_claim"},
        ),
        (
            "Our stem cell shots have demonstrated their effectiveness for arthritis.",
            {"efficacy_claim"},
        ),
        ("With our stem cell injections you may not need back surgery.", {"efficacy_claim"}),
        ("Valley Spine - stem cells that heal what surgery can't.", {"efficacy_claim"}),
        ("There are no reports of side effects from our stem cell injections.", {"safety_claim"}),
        (
            "Our stem cell shots helped 300 patients facing fusion, and 90% avoided it.",
            {"efficacy_claim"},
        ),
        ("After one stem cell injection most patients regain full mobility.", {"efficacy_claim"}),
        ("Our cord tissue injections are not FDA regulated as a drug.", {"regulatory_exempt"}),
        # the names European and Asian clinics give arthritis and back pain
        ("Our placental stem cells treat knee osteoarthrosis.", {"treatment_claim"}),
        (
            "Our BMCC injections treat sports and musculoskeletal injuries.",
            {"treatment_claim"},
        ),
        ("Adding stem cells to the injection greatly improves its efficacy.", {"efficacy_claim"}),
        (
            "We are one of the few clinics treating orthopedic problems with stem cells.",
            {"treatment_claim"},
        ),
        (
            "Our stem cell shots treat the root of the problem, not the symptoms.",
            {"efficacy_claim"},
        ),
        (
            "The centrifuge we use for your stem cells has received FDA clearance.",
            {"approval_claim"},
        ),
        (
            "Your cord tissue graft is a 361 HCT/P, which means it is exempt from FDA approval.",
            {"regulatory_exempt"},
        ),
        (
            "Same-day care like ours is not something the FDA needs to approve.",
            {"regulatory_exempt"},
        ),
        (
            "Stem cells for your discs: no hospital, no FDA paperwork, no waiting list.",
            {"regulatory_exempt"},
        ),
        # what "no way" denied "until now", the clinic now claims
        ("There was no way to reverse arthritis in the knee \u2013 until now!", {"efficacy_claim"}),
        ("Until recently, there was no way to regrow a worn disc.", {"efficacy_claim"}),
        # "no other treatment" denies the others, and claims it of this one
        (
            "No other therapy rebuilds worn knee cartilage the way our stem cells do.",
            {"efficacy_claim"},
        ),
        ("Our stem cell therapy can heal even chronic, lifelong diseases.", {"efficacy_claim"}),
        ("Our stem cell patients see a 70% drop in their knee pain.", {"efficacy_claim"}),
        # the risk a disclaimer would warn of, named only to be dismissed
        ("With our stem cells the risk of infection is virtually nonexistent.", {"safety_claim"}),
        # a seller's own words, whatever research or report words they hold
        (
            "We report a 92% success rate with our stem cell shots for arthritis.",
            {"efficacy_claim"},
        ),
        (
            "Our stem cell program is ongoing and has helped thousands avoid knee replacement.",
            {"efficacy_claim"},
        ),
        ("Our founder insists that our stem cell injections cure arthritis.", {"efficacy_claim"}),
        (
            "Cord tissue injections boost the body's natural ability to regrow cartilage.",
            {"efficacy_claim"},
        ),
        (
            "You don't need a fusion; stem cells turn your body's repair system back on.",
            {"efficacy_claim"},
        ),
        ("Stem cell therapy is a true wonder of modern medicine.", {"efficacy_claim"}),
        (
            "Our stem cell injections have successfully treated hundreds of herniated discs.",
            {"efficacy_claim"},
        ),
        ("With our stem cells, sciatica can be treated once and for all.", {"efficacy_claim"}),
        ("Stem cell infusions lead to the regression of MS symptoms.", {"efficacy_claim"}),
        (
            "Most patients notice a marked improvement within two weeks of their stem cell "
            "injection.",
            {"efficacy_claim"},
        ),
        ("Stem cell therapy for back pain is changing lives.", {"efficacy_claim"}),
        ("Our stem cell shots hasten recovery after a disc injury.", {"efficacy_claim"}),
        (
            "We thought it was time our patients had stem cells that regenerate damaged discs.",
            {"efficacy_claim"},
        ),
        ("Our stem cell therapy is legal and approved under FDA rules.", {"approval_claim"}),
        ("Not \u2018hype\u2019: our cells cure patients\u2019 pain.", {"efficacy_claim"}),
        (
            "No serious long-term side effects have been seen with our stem cell injections.",
            {"safety_claim"},
        ),
        ("Patients do not feel any discomfort after the stem cell injection.", {"safety_claim"}),
        (
            "Any soreness after your stem cell injection never lasts more than a day.",
            {"safety_claim"},
        ),
        ("Our stem cell injection causes no damage to healthy tissue.", {"safety_claim"}),
        (
            "Over 300 patients have undergone successful stem cell therapy at our center.",
            {"efficacy_claim"},
        ),
        ("Our injections stimulate your own cells to regenerate themselves.", {"efficacy_claim"}),
        ("Stem cell therapy is the best treatment for labral tears.", {"treatment_claim"}),
        (
            "Our clinic obtained permission from the FDA to offer stem cell therapy.",
            {"approval_claim"},
        ),
        (
            "Our cord tissue meets all four criteria, so it is regulated under Section 361.",
            {"regulatory_exempt"},
        ),
        ("One stem cell treatment lasts a lifetime.", {"efficacy_claim"}),
        (
            "Sciatica from a herniated disc responds extremely well to our stem cell injections.",
            {"treatment_claim"},
        ),
        (
            "Our exosomes carry no risk of rejection, and they represent the future of spine care.",
            {"safety_claim"},
        ),
        (
            "Dr. Patel has treated spines for 20 years, and he offers stem cell injections that "
            "regrow damaged discs.",
            {"efficacy_claim"},
        ),
        (
            "We have not received a single serious adverse event from our stem cell patients.",
            {"safety_claim"},
        ),
        (
            "We test every vial, so you will not have any allergic reaction to our exosomes.",
            {"safety_claim"},
        ),
        (
            "Our cord cell therapy has been successful in the treatment of herniated discs.",
            {"treatment_claim"},
        ),
        (
            "Our stem cell injections are useful in the treatment of chronic back pain.",
            {"treatment_claim"},
        ),
        (
            "Our cord cells are not drugs and fall under Section 361 of the rules.",
            {"regulatory_exempt"},
        ),
        (
            "Our MFAT injections address the inflammation of knee arthritis directly.",
            {"treatment_claim"},
        ),
        (
            "Stem cell injections have emerged as the breakthrough medication for degenerative "
            "disc disease.",
            {"treatment_claim"},
        ),
        (
            "Our stem cell center is approved for clinical use by the Ministry of Health.",
            {"approval_claim"},
        ),
        (
            "With the approval of the Ministry of Health, we inject cord cells into damaged discs.",
            {"approval_claim"},
        ),
        (
            "Because the cells are your own, the FDA considers this the practice of medicine.",
            {"regulatory_exempt"},
        ),
        (
            "Patients can expect a reduction in pain within weeks of our stem cell injections.",
            {"efficacy_claim"},
        ),
        (
            "Our exosome therapy offers improved mobility and a better quality of life.",
            {"efficacy_claim"},
        ),
        ("Stem cells are the permanent answer to sciatica.", {"efficacy_claim"}),
        ("It's no secret that stem cells cure arthritis.", {"efficacy_claim"}),
        (
            "Dr. Patel told me the stem cells would regenerate my discs, and he was right.",
            {"efficacy_claim"},
        ),
        ("Every patient is assured that our stem cells are 100% safe.", {"safety_claim"}),
        (
            "Read the testimonials that say our stem cell therapy cured their back pain.",
            {"efficacy_claim"},
        ),
        (
            "Never rely on painkillers again: our stem cell therapy cures arthritis permanently.",
            {"efficacy_claim"},
        ),
        (
            "Our stem cell injections work wonders if you suffer from arthritis.",
            {"treatment_claim"},
        ),
        ("Our stem cell safety data have been reviewed by the FDA.", {"approval_claim"}),
        (
            "They don't provoke any negative immune response, because our stem cells are your own.",
            {"safety_claim"},
        ),
        (
            "Dr. Patel said the stem cells would regrow my discs and he was right: I run again.",
            {"efficacy_claim"},
        ),
        ("Our stem cell therapy provides improved function in damaged joints.", {"efficacy_claim"}),
        ("Our clinic holds a license issued by the Department of Health.", {"approval_claim"}),
        ("Our partner clinic has no FDA restrictions on stem cell doses.", {"regulatory_exempt"}),
        (
            "Average pain scores drop by 70% after our stem cell therapy.",
            {"efficacy_claim"},
        ),
        ("I was told that I needed a fusion, but stem cells fixed my back.", {"efficacy_claim"}),
        (
            "Your own stem cells will not provoke any kind of negative immune response.",
            {"safety_claim"},
        ),
        ("Our exosome infusions boost and strengthen your immune system.", {"efficacy_claim"}),
        (
            "Patients can expect a reduction in inflammation after our stem cell infusions.",
            {"efficacy_claim"},
        ),
        (
            "Patients often ask whether this is legal, and the short answer is yes: it is the "
            "practice of medicine and does not require FDA approval.",
            {"regulatory_exempt"},
        ),
        ("Injected stem cells home in on torn disc fibers and repair them.", {"efficacy_claim"}),
        (
            "Our umbilical cells need no tissue matching, so anyone can receive them.",
            {"safety_claim"},
        ),
        (
            "Our injections send signals that tell worn disc cells to repair themselves.",
            {"efficacy_claim"},
        ),
        (
            "We refer patients to our sister clinic in Nassau, where cultured stem cell therapies "
            "are offered under local licensing.",
            {"approval_claim"},
        ),
        (
            "Patients ask us whether our stem cells are FDA approved, and they are.",
            {"approval_claim"},
        ),
        (
            "Patients often ask us if stem cell therapy is safe, and we tell them it has no side "
            "effects.",
            {"safety_claim"},
        ),
        (
            "Our cells are classified by the FDA as tissue rather than a drug, so no approval is "
            "needed.",
            {"regulatory_exempt"},
        ),
        (
            "One injection took my sciatica from a 9 to a 2, and it has stayed there.",
            {"efficacy_claim"},
        ),
        ("Today I garden every morning with zero back pain.", {"efficacy_claim"}),
        ("Stem cell results that last for years, not weeks", {"efficacy_claim"}),
        (  # a seller's own words, quoted in a report
            "\u201cWe don't need FDA approval because these are your own cells,\u201d the "
            "clinic's founder told reporters.",
            {"regulatory_exempt"},
        ),
        (
            "\u201cOur patients see a 90 percent success rate for sciatica,\u201d said the "
            "center's owner.",
            {"efficacy_claim"},
        ),
        (
            "\u201cWe don't need FDA approval, it's your own tissue,\u201d a receptionist at the "
            "clinic told a reporter posing as a patient.",
            {"regulatory_exempt"},
        ),
        (
            "The stem cells are conveyed to the damaged disc, where they regenerate healthy "
            "tissue.",
            {"efficacy_claim"},
        ),
        (
            "Dr. Smith focuses on how stem cells can repair damaged discs without surgery.",
            {"efficacy_claim"},
        ),
        (
            "Our FDA-approved implant of Wharton's jelly stem cells is placed directly into the "
            "disc.",
            {"approval_claim"},
        ),
        (
            "Our amniotic product is regulated as a tissue, not a drug, so you can offer it "
            "tomorrow.",
            {"regulatory_exempt"},
        ),
        # pain in a body area is a named condition, however it is worded
        ("Our stem cell injections can relieve pain in your back.", {"treatment_claim"}),
        ("Our stem cell protocols boast a 92% success rate for neck pain.", {"treatment_claim"}),
        # exemption without the word: the law's shape offered as reassurance
        (
            "Since the cells are your own, there is no drug for the FDA to approve.",
            {"regulatory_exempt"},
        ),
        (
            "The cord tissue is regulated like a donated organ or cornea, not like a drug.",
            {"regulatory_exempt"},
        ),
        (
            "Exosomes carry no living cells, so our vials fall outside the FDA's rules.",
            {"regulatory_exempt"},
        ),
        (
            "Our stem cell injection qualifies for the surgical procedure exception.",
            {"regulatory_exempt"},
        ),
        ("Is this legal? Absolutely, they are your own stem cells.", {"regulatory_exempt"}),
        (
            "No federal agency stands between you and your own stem cells.",
            {"regulatory_exempt"},
        ),
        ("Most stem cell patients are back to their old selves for good.", {"efficacy_claim"}),
        (
            "He does not perform fusions, and after his stem cell protocol most of his patients "
            "never need one.",
            {"efficacy_claim"},
        ),
        ("Our umbilical stem cells are 100% rejection-free.", {"safety_claim"}),
        ("Studies show stem cells regenerate discs.", {"efficacy_claim"}),
        (
            "Three months after my stem cell shot, my back pain from two bulging discs is "
            "completely gone.",
            {"efficacy_claim"},
        ),
        (  # a question the seller answers yes
            "Can stem cells fix a herniated disc without surgery? In many cases, yes, and our "
            "patients are living proof.",
            {"efficacy_claim"},
        ),
        ("Discs showed regrowth on MRI in 8 of 10 of our stem cell patients.", {"efficacy_claim"}),
        ("Our patients used stem cells to end years of lumbar disc pain.", {"efficacy_claim"}),
        (
            "Most of our patients with bulging discs need only one stem cell injection for lasting "
            "relief.",
            {"efficacy_claim"},
        ),
        (
            "Now enrolling: our stem cell therapy regenerates damaged discs and ends back pain.",
            {"efficacy_claim"},
        ),
        ("9 out of 10 patients never need surgery after stem cell therapy.", {"efficacy_claim"}),
        (
            "Most of our stem cell patients are back to golf and gardening within a few months.",
            {"efficacy_claim"},
        ),
        ("Roughly 8 in 10 of our stem cell patients report less back pain.", {"efficacy_claim"}),
        ("One round of stem cells can give years of relief from spinal pain.", {"efficacy_claim"}),
        ("A stem cell shot has none of the risks that come with spine surgery.", {"safety_claim"}),
        (
            "Stem cells are your own repair kit, so there is nothing to be afraid of.",
            {"safety_claim"},
        ),
        ("Our stem cells are processed in an FDA-inspected facility.", {"approval_claim"}),
        ("Within a month of my stem cell treatment, the pain just went away.", {"efficacy_claim"}),
        ("Patients reported 70% less pain after the stem cell injections.", {"efficacy_claim"}),
        (
            "Unlike supplements, our stem cell therapy falls outside FDA jurisdiction.",
            {"regulatory_exempt"},
        ),
        (
            "Is it legal? Yes, when performed in a same-day procedure using your own stem cells.",
            {"regulatory_exempt"},
        ),
        (
            "Even though regulators, including the FDA, have warned about clinics that "
            "overpromise, our stem cell injections heal bulging discs.",
            {"efficacy_claim"},
        ),
        (
            "As our new brochure states, stem cell injections regrow damaged discs.",
            {"efficacy_claim"},
        ),
        (
            "Call today to see if you qualify for our FDA approved stem cell treatment.",
            {"approval_claim"},
        ),
        (  # a concession granted before the seller's own claim
            "Although the FDA has warned some clinics that overstate the science, our stem "
            "cell injections heal bulging discs.",
            {"efficacy_claim"},
        ),
        (  # the seller's own figures are no third party's words
            "Our stem cell program has an 88% satisfaction rate among back pain patients, "
            "according to our patient surveys.",
            {"efficacy_claim"},
        ),
        (
            "Stem cell injections have spared over 3,000 patients a spinal fusion, according "
            "to internal outcome data.",
            {"efficacy_claim"},
        ),
        (  # feeling relief is an outcome, not a belief
            "After our stem cell injection many patients feel relief within a week; most see "
            "the full results by month four.",
            {"efficacy_claim"},
        ),
        (
            "Try our stem cell disc treatment risk-free with our 60-day money-back promise.",
            {"efficacy_claim"},
        ),
        (
            "With your own stem cells there is nothing for the immune system to attack.",
            {"safety_claim"},
        ),
        (
            "We have not observed a single case of tumour formation in our stem cell patients.",
            {"safety_claim"},
        ),
        (
            "Our stem cell injections skip the lengthy FDA approval process: relief now.",
            {"regulatory_exempt"},
        ),
        (
            "Your stem cells are harvested and injected under the surgical exemption.",
            {"regulatory_exempt"},
        ),
        (
            "Our stem cell graft is regulated as a human tissue product instead of a drug.",
            {"regulatory_exempt"},
        ),
        (
            "Herniated discs respond wonderfully to our stem cell injections.",
            {"treatment_claim"},
        ),
        (  # a webinar transcript's answer
            "Each week someone asks me: is it legal, and the answer is a resounding yes.",
            {"regulatory_exempt"},
        ),
        (
            "Abroad, your doctor, not the FDA, decides which stem cell dose your spine needs.",
            {"regulatory_exempt"},
        ),
        (
            "The law permits our stem cell lab to work without a manufacturing authorization.",
            {"regulatory_exempt"},
        ),
        (
            "\u201cSix months after my stem cell shot, my disc had rehydrated,\u201d says Tom.",
            {"efficacy_claim"},
        ),
        ("Cord stem cells can heal almost anything, from backs to knees.", {"efficacy_claim"}),
        (  # "as well as" reports nobody
            "Stem cell therapy regenerates damaged discs by promoting the healing process as well "
            "as reducing inflammation.",
            {"efficacy_claim"},
        ),
        (  # a title that promises is no guide's topic
            "Stem Cells Regrow Discs Without Surgery: The Ultimate Guide",
            {"efficacy_claim"},
        ),
        (
            "Six months after my stem cell injection I was back to hiking with zero pain.",
            {"efficacy_claim"},
        ),
        ("No more sciatica after my stem cell shots!", {"efficacy_claim"}),
        (
            "With our stem cell treatment the effect is preserved for years, often permanently.",
            {"efficacy_claim"},
        ),
        ("Our stem cell therapy heals the degeneration instead of masking it.", {"efficacy_claim"}),
        (
            "After our stem cell infusion Mrs. Diaz walked without support within a week.",
            {"efficacy_claim"},
        ),
        (
            "Our clinic is licensed by the Ministerio de Salud to provide stem cell therapy.",
            {"approval_claim"},
        ),
        (
            "After our stem cell injections many of my patients are completely off their meds.",
            {"efficacy_claim"},
        ),
        (
            "Patients booked for a spinal fusion often cancel it after our stem cell shots.",
            {"efficacy_claim"},
        ),
        (
            "Most patients notice a difference within weeks of our stem cell injections.",
            {"efficacy_claim"},
        ),
        ("Our stem cell injection did what the surgeons couldn't.", {"efficacy_claim"}),
        (
            "We offer stem cells without the years of red tape required in the US.",
            {"regulatory_exempt"},
        ),
    ],
)
def test_claims_are_flagged(classifier, sentence, expected):
    assert expected <= classifier.violation_labels(sentence)


@pytest.mark.parametrize(
    "sentence",
    [
        "We are not exempt from FDA oversight.",
        "Beware of clinics that claim to be FDA exempt.",
        "A 2019 study showed that stem cells regenerated disc tissue in rabbits.",
        "Umbilical cord tissue is processed by an accredited tissue bank.",
        "Whether discs show regeneration after stem cell injection is unknown.",
        "If you want stem cells for your back, the safest route is a registered clinical trial.",
        "FDA is not aware of any adequate and well-controlled studies showing that your stem "
        "cell product is safe.",
        "The FDA has not approved any stem cell product for back pain.",
        "Some clinics promise that stem cells regrow discs.",
        "Are stem cells FDA approved?",
        "This study evaluates whether bone marrow concentrate reduces low back pain.",
        "Stem cell therapy is not a cure for degenerative disc disease.",
        "The clinic says its treatment is 'FDA exempt' or does not need FDA approval.",
        "Myth: stem cell injections regrow damaged discs.",
        "There is no evidence that stem cell injections are free of risk.",
        "Ads for stem cell injections often promise to rebuild your discs.",
        "We cannot promise that stem cell injections never cause side effects.",
        "Stem cell injections are not without side effects.",
        "Our stem cell products are not intended to diagnose, treat, cure or prevent any disease.",
        "Clinic owners interviewed for this story said the injections regrow discs.",
        "The clinic's staff told her the stem cell injection would regrow her discs.",
        "Stem cells regrow discs, the clinic claims, when it advertises online.",
        "A presenter told seniors that stem cells could regrow their discs.",
        "The FDA has approved no stem cell product for any spine condition.",
        "Phrases such as 'regrows cartilage' or 'FDA exempt' draw warning letters.",
        "If stem cell shots really could regrow discs, surgeons would use nothing else.",
        "A clinic telling you its stem cells are minimally manipulated proves nothing.",
        "The mailer read: stem cells, no surgery, no downtime.",
        "Primary outcome: change in disc height on MRI after stem cell injection at 12 months.",
        "Amniotic and umbilical cord products are regulated by the FDA as biologics.",
        "We discuss surgical and non-surgical alternatives before any stem cell injection.",
        "Soreness at the injection site is mild and goes away in a few days.",
        "Your own stem cells lower the risk of an allergic reaction compared with donor tissue.",
        "The FDA steps in when cells are more than minimally manipulated.",
        "A cell product used non-homologously is regulated as a drug.",
        "Stem cell therapy is not legal without FDA approval.",
        "Stem cell expert Dr. Maria Lopez says the injections regrow discs.",
        "The only stem cell products the FDA has approved treat blood cancers and sickle cell "
        "disease.",
        "Based on records reviewed by FDA, your cord blood product is intended for use in the "
        "diagnosis, cure, mitigation, treatment, or prevention of disease.",
        "The FDA has not approved any stem cell product for arthritis, multiple sclerosis, COPD "
        "or autism.",
        "Stem cell therapy has been studied for a variety of conditions.",
        "Are stem cell injections given in the U.S. approved by the FDA?",
        "Stem cells have a growing role in the treatment of disc degeneration, reviews conclude.",
        "No serious adverse events linked to the disc injections were recorded at one year.",
        "Sciatica troubles an estimated 40% of people at some point in their lives.",
        "Many disc herniations shrink on their own over a few months.",
        "The stem cells used in orthopedic practice mostly come from the patient's own marrow.",
        "Stem cells are a breakthrough of biology, first isolated from embryos in 1998.",
        "Cord blood stem cells are being tested in people with spinal cord injury.",
        "Patients deserve an honest estimate of their chance of a cure from stem cells.",
        "There were no treatment-related complications in either arm.",
        "Doctors do not know yet whether the stem cell injections sold by clinics can repair a "
        "damaged disc.",
        "There is still no evidence that the expanded stem cells sold abroad regrow disc tissue.",
        "The FDA has approved only stem cells from cord blood, for disorders of the blood.",
        "A lab that is FDA-registered is not the same as an FDA-approved stem cell therapy.",
        "Ads such as “stem cells healed my herniated disc in a week” prove nothing.",
        "Disc pain often fades on its own within weeks, with or without stem cell shots.",
        "Stem cells are unspecialised cells that can differentiate into many kinds of cell.",
        "Mesenchymal cells can turn into bone, cartilage and fat cells in a dish.",
        "Many clinics in the United States offer stem cell injections for back pain.",
        "You also claim on Instagram that “patients walk out pain-free the same day.”",
        "Walk away from any clinic that says its stem cells regrow discs.",
        "Is stem cell therapy better than surgery for a herniated disc?",
        "Last month the Panamanian health ministry closed the city's biggest stem cell center.",
        "Doctors in the U.S. cannot legally offer these stem cell infusions outside a trial.",
        "Hundreds of thousands of people see a doctor about back pain each year.",
        "There is no reliable evidence that stem cell injections regrow discs.",
        "Steroid shots don't change the disc or help the body rebuild damaged tissue.",
        "Pain pills are limited in their ability to give lasting relief from disc pain.",
        "You may have been told that your own stem cells are exempt from FDA rules.",
        "Cord blood shots are touted by some pain doctors as a cure for arthritis.",
        "Our first question: \u201cis stem cell therapy FDA approved?\u201d and we answer it.",
        "To evaluate the safety of autologous stem cells for the treatment of sciatica.",
        "No appointment is needed to see our stem cell nurse on Fridays.",
        "Read how our stem cell injection works and how safe it is.",
        "It is too early to say who, if anyone, stem cell shots help with sciatica.",
        "Stem cell clinics that keep violating FDA rules face fines.",
        "Expanded stem cells are still non-FDA approved in this country.",
        "Spinning fat down to its stem cells takes more than minimal processing.",
        "Stem cell injections ease pain, but the practice of medicine is not an exact science "
        "and results vary.",
        "The safety of stem cell shots for the spine has not been established.",
        "It said stem cell injections regrow discs and end back pain for good.",
        "A flyer compared stem cell shots with surgery, saying the shots carry no side effects.",
        "A California doctor settled charges that his amniotic shots treat Parkinson's disease, "
        "autism, COPD and heart failure.",
        "A few spine doctors are experimenting with stem cells to regrow worn discs.",
        "Stem cells taken from a patient cannot be modified or manipulated to any real degree.",
        "Patients hoping to avoid surgery often ask about stem cell shots.",
        "Most patients walk out on their own and drive home after a stem cell injection.",
        "Stem cells are unspecialized cells that regenerate tissue through cell division.",
        "As we age, the stem cells in the body regenerate damaged tissue more slowly.",
        "Our clinic does not sell FDA-approved stem cell products or cures for back pain.",
        "Stem cell therapy success rates vary with the condition treated.",
        "The health ministry says the stem cell clinic is approved by no one and broke trial "
        "rules.",
        "Doctors from a Mumbai spine institute say the stem cell therapy helps children with "
        "autism and cerebral palsy.",
        "This study uses umbilical cord stem cells in treatment of discogenic low back pain to "
        "evaluate their safety and efficacy.",
        "The FDA classifies minimally manipulated cord tissue as a 361 HCT/P.",
        "Stem cell therapy has been investigated in treating autism, stroke, arthritis and heart "
        "disease.",
        "What worries regulators is the marketing and sale of unproven stem cell shots as miracle "
        "cures.",
        "This stem cell treatment has not been approved by the FDA for the treatment of any "
        "disease.",
        "All stem cell injections are performed by licensed providers.",
        "A Florida clinic is promoting a stem cell therapy to treat arthritis, COPD and diabetes.",
        "Most cell products need drug approval unless they meet the narrow 361 HCT/P criteria.",
        "The product must also meet requirements such as minimal manipulation and homologous use.",
        "Tissue labs must be fully compliant with FDA rules and AATB standards.",
        "Many patients prefer to avoid surgical risks and look at stem cell shots.",
        "Our stem cell procedure is surgery-free and takes an hour.",
        "Recovery from a stem cell procedure takes from 2 to 5 days.",
        "Many promised cures with no side effects.",
        "Ads ran for months, per the advertisement stem cells cure arthritis.",
        "Reporters met a chiropractor who said that stem cells cure arthritis.",
        "Claims range from regrown cartilage to reversed arthritis.",
        "The FDA is concerned that patients seeking cures for arthritis try stem cells.",
        "A study published in a spine journal reports that stem cells repair discs.",
        "Trials of stem cell injections to treat sciatica are ongoing.",
        "The concept of regrowing discs with stem cells is decades old.",
        "Mesenchymal stem cells are found in various tissues and help repair damage.",
        "Products used in the clinic must be FDA-approved or exempt from FDA regulation.",
        "Victor insists that his lab is registered with the FDA.",
        "Research on stem cell shots for sciatica is still under way, and our doctors join it.",
        "Our team is testing whether stem cell injections can rebuild worn knee cartilage.",
        "Often marketed for joint repair and cartilage regrowth, cord tissue products face "
        "FDA scrutiny.",
        "It is easy to believe that stem cells cure arthritis after reading the ads.",
        "Which rules apply depends on whether the cord tissue meets criteria for Section 361.",
        "A new study discovered that fat-derived stem cells can heal kidneys damaged by lupus.",
        "Claim: \u201cStem cells regrow worn knee cartilage.\u201d",
        "US clinics are limited to minimally manipulated cells from the patient's own body.",
        "As with any injection, risks include infection, bleeding and a brief flare of pain.",
        "Using stem cells to repair arthritic knees is unproven.",
        "Stem cell therapy for knee arthritis, including cartilage regrowth, is considered "
        "investigational.",
        "One pilot trial injected stem cells to relieve lumbar disc pain.",
        "A survey of clinic websites, published in a journal, found that 80% promise cures.",
        "Touted as a cure for arthritis, stem cell therapy draws crowds.",
        "Purveyors claim the injections regrow cartilage in arthritic knees.",
        "Researchers have used stem cells to help heal knee injuries.",
        "Regenerative medicine is a field of medicine that repairs damaged tissue with stem cells.",
        "You must stop taking pain medication a week before the stem cell injection.",
        "Stem cells can be safely harvested from a newborn's umbilical cord.",
        "Growth factors produced by the body help stem cells repair tissue.",
        "These rules are laid out under the FDA's guidance for HCT/Ps.",
        "There is no evidence that stem cell injections are safe and can regrow cartilage.",
        "You don't have to worry about the risks of travel; we arrange your stem cell visit.",
        "You do not need surgery to qualify for our stem cell program.",
        "We help when surgery fails, and stem cells are one topic we explain.",
        "Stem cell researchers hope the discovery could change lives.",
        "She thought the treatment was safe enough to try stem cells.",
        "Many thought stem cells were better than surgery.",
        "Our procedure concentrates stem cells and healing components from your bone marrow.",
        "Stem cells release cytokines, the healing growth factors found in every ligament.",
        'A new trial sets out to "cure" autism with cord blood.',
        "A new trial sets out to \u2018cure\u2019 autism with cord blood.",
        "Clinics must get permission from the FDA before selling stem cells.",
        "Photo of a stem cell lab used with permission from the FDA.",
        "Without treatment, degeneration causes damage to healthy tissue nearby, which is why "
        "we offer stem cells.",
        "Patients do not feel any discomfort during the stem cell harvest because we use local "
        "anesthetic.",
        "The patient underwent successful stem cell transplantation for leukemia at the "
        "university hospital.",
        "Cord tissue is regulated only under Section 361 when it meets the four criteria of 21 "
        "CFR 1271.10.",
        "In an FDA-approved Phase III trial, investigators are testing whether stem cells "
        "injected into the disc reduce pain.",
        "He says his stem cell shots regrow discs.",
        "Real stem cell studies run under an IND application reviewed by the FDA.",
        "Many prospective patients ask whether the treatment is legal.",
        "Multiple sclerosis is a serious disorder of the nervous system that is virtually "
        "impossible to cure.",
        "The health ministry has conducted raids on clinics selling unapproved stem cell shots.",
        "Using manipulated stem cells outside trials may trigger FDA regulation.",
        "The FDA considers cells that are more than minimally manipulated to be drugs.",
        "Some of our patients were told elsewhere that stem cells would repair their spine.",
        "Do not rely on testimonials that say stem cells cured a patient's back pain.",
        "Stem cell medicine has a long way to go to treat strokes or spinal cord injuries.",
        "Stem cell therapy is still far from a proven cure for back pain.",
        "They claim stem cells regrow discs.",
        "Donor cells can not only provoke an immune reaction but also carry infections.",
        "Many patients wonder whether stem cells can cure their arthritis.",
        "Do not trust a clinic that claims stem cells cure autism.",
        "Some clinics told patients stem cells would cure their autism, and they did.",
        "Hematopoietic stem cell transplantation has been successful in the treatment of blood "
        "cancers.",
        "Every pharmacy needs a license from the Department of Health, including those that sell "
        "stem cell supplements.",
        "If cells are minimally manipulated and meant for homologous use, the FDA considers them "
        "exempt from premarket approval.",
        "Scientists do not yet have a long-term answer about whether stem cells help knees.",
        "Physical therapy leads to improved function for most knee patients, unlike stem cell "
        "shots.",
        "Stem cell therapy is not a miracle cure that guarantees you will walk again.",
        "There is no injection which regrows a worn-out disc.",
        "There's no good evidence these shots work for discs, so stay away from anyone calling "
        "them FDA approved.",
        "During the inspection, investigators documented that your staff administered amniotic "
        "fluid injections to patients with back pain.",
        "The doc said it's legal because they're my own cells, so no FDA approval is needed.",
        "In our audits, the phrase 'FDA exempt' on a clinic website is the first thing "
        "regulators notice.",
        "Thirty-two patients with chronic discogenic back pain underwent intradiscal injection "
        "of bone marrow concentrate.",
        "Stem cell research could transform the way we treat spinal conditions.",
        "\u201cClinics tell patients our cells regrow discs,\u201d said Dr. Smith.",
        "\u201cWe hope these cells will one day repair worn discs, but we do not know that "
        "yet,\u201d said Dr. Ana Ruiz, the trial's lead investigator.",
        "Cord blood units licensed by the FDA are approved for disorders affecting the "
        "blood-forming system.",
        "My clinic told me the shots were FDA approved; turns out that was a lie.",
        "Podcast: Dr. Reyes on why stem cells are the future of spine repair",
        "Stem Cell Research News | Back Pain Studies",
        "There is no match for the healing power of your own stem cells.",
        "\u201cWe spent $15,000 on injections that were supposed to regenerate her discs,\u201d "
        "her husband said.",
        "Do you treat low back pain with stem cells? We can help you find a stem cell clinical "
        "trial.",
        "Until a company completes a Phase III trial, the FDA has nothing to approve.",
        "Almost every week a patient asks us whether a stem cell injection could spare them from "
        "surgery.",
        "\u201cPatients were told there was no risk, and that simply was not true,\u201d said a "
        "board spokesperson.",
        "Stem Cell Injections for Sciatica: What We Tell Our Patients",
        "State Medical Board Fines Tampa Stem Cell Clinic Over 'FDA Exempt' Ads",
        "In the trial, pain fell from a 7 to a 3 on average in both groups.",
        "Of 500 adults surveyed, 38% wrongly believed stem cell injections were FDA approved.",
        "The same surgical procedure exception is narrow, and cells cultured for weeks do not "
        "qualify.",
        "After a stem cell injection, the pain of the injection itself is usually gone within a "
        "day.",
        "Pain from a herniated disc is often gone within six weeks without stem cell treatment.",
        "Surgery is rarely necessary, and most patients with a herniated disc don't need one.",
        "Is stem cell therapy legal? Yes, but only as part of an approved clinical trial.",
        "Many dietary supplements fall outside the rules that govern prescription drugs.",
        "Autologous grafts are rejection-free, but that does not make stem cell injections safe.",
        "There are no published studies showing that umbilical cord stem cell injections into the "
        "lumbar discs are safe.",
        "While we wait for more results, the clinic claims that, in most cases, stem cells regrow "
        "discs.",
        "How well stem cell injections relieve back pain is still unknown.",
        "The trial measured how soon patients were back to work after a stem cell injection.",
        "The Food and Drug Administration (FDA) inspected your stem cell facility in Phoenix.",
        "Methods: We prospectively followed 48 patients with disc degeneration who received stem "
        "cells.",
        "The Complete 2024 Guide to Stem Cell Therapy for Back Pain",
        "Dr. Lee, who runs a stem cell clinic in our city, said he has seen stem cell injections "
        "heal herniated discs.",
        "Our umbilical cell therapy for lumbar disc disease is being tested in a randomized trial.",
        "A billboard on Route 9 read: \u201cStem cells rebuild your spine \u2014 skip the back "
        "surgery.\u201d",
        "Cl\u00ednica Renova in Los Cabos says its stem cells regrow discs.",
        "Your cord blood stem cell products are not minimally manipulated.",
        "At the seminar a slide claiming the stem cell shots were FDA approved stayed up for "
        "an hour.",
        "A postcard saying stem cells rebuild worn discs arrived at thousands of homes.",
        "The pamphlet stating stem cells are FDA approved was handed out at the door.",
        "A video shows a founder telling viewers that stem cells regrow spinal discs.",
        "In the survey, 40% of sites described their stem cell products as FDA compliant.",
        "Most people notice improvement in back pain with physical therapy alone.",
        "It was physicians, not regulators, who first raised alarms about the stem cell clinic.",
        "Our cash-pay spine clinic permits treatment without prior authorization.",
        "Stem cells are not a cure-all that heals everything.",
        "Avoid running for six weeks so the site can heal; if anything feels wrong, call.",
        "Your spinal discs rehydrate every night while you sleep.",
        "Price-match guarantee: we beat any published price for the same stem cell procedure.",
        "A stem cell product is exempt from premarket review only if it is minimally manipulated.",
        "Understanding the Same-Day Exception for Stem Cell Procedures",
        "The FDA has not approved any stem cell product for use in treating back or neck pain.",
        "FDA is not aware of any evidence that cord blood products are effective for the "
        "treatment of spinal conditions.",
        "Your umbilical cord products are intended to treat disc disease and sciatica.",
        "Your stem cell product is therefore a drug and biological product under the PHS Act.",
        "Evidence that stem cells regrow discs was of very low certainty and inconsistent across "
        "studies.",
        "Injecting a cellular product into a disc to treat degenerative disc disease is considered "
        "not medically necessary.",
    ],
)
def test_negated_attributed_and_research_sentences_are_not_flagged(classifier, sentence):
    assert classifier.violation_labels(sentence) == set()


A_REPORTS_LEAD = (
    "A review of twelve trials found that stem cell injections for back pain remain experimental."
)


def _after_a_reports_lead(classifier, sentence):
    return classifier.classify_blocks([Block(A_REPORTS_LEAD, "paragraph"), Block(sentence)])


@pytest.mark.parametrize(
    ("sentence", "label"),
    [
        ("Umbilical stem cells may help ease pinched-nerve sciatica within weeks.",
         "treatment_claim"),
        ("Our center also sees patients with lupus, Parkinson's disease, COPD and kidney failure.",
         "broad_indication"),
        ("Update: one year later my disc pain is still gone, and I would do it again.",
         "efficacy_claim"),
    ],
)  # fmt: skip
def test_a_line_alone_reads_as_it_would_stand_on_a_clinics_site(classifier, sentence, label):
    """A line with no page around it has no page to ask whether it sells: the taxonomy reads it
    as it would stand on a clinic's site, hedged and without stem-cell words; after a report's
    lead the same words claim nothing."""
    assert label in classifier.violation_labels(sentence)
    reported = _after_a_reports_lead(classifier, sentence)
    assert [claim.violations for claim in reported.claims] == [[], []]


def test_the_model_alone_may_label_a_line_read_alone(classifier):
    sentence = (
        "Our patients typically notice improvement within four weeks, with continued "
        "regeneration for up to a year."
    )
    (claim,) = classifier.classify_text(sentence).claims
    assert "efficacy_claim" in claim.violations
    assert any(rule.startswith("model:textcat") for rule in claim.rules)


@pytest.mark.parametrize(
    "sentence",
    [
        "Staff at 12 clinics (40%) quoted success rates of 85% or higher.",
        "Nine clinics (30%) described the injections as having no side effects at all.",
        "Twenty clinics (67%) told the caller that the cells need no FDA approval because they "
        "are her own.",
    ],
)
def test_a_count_of_clinics_saying_something_reports_what_they_said(classifier, sentence):
    """A secret-shopper study's findings, even on a paper whose background reads like an ad."""
    background = "Background: Clinics across the country market stem cell injections for sciatica."
    page = classifier.classify_blocks([Block(background), Block(sentence)])
    assert not any(claim.violations for claim in page.claims)


@pytest.mark.parametrize(
    "sentence",
    [
        "Stimulators are FDA-cleared devices for sciatica.",
        "For most people with back pain the root cause is a worn disc.",
        "We offer FDA-cleared spinal cord stimulators for chronic back pain.",
        "Do stem cell shots help sciatica? Stem cell shots may help some patients, but the "
        "evidence is limited.",
    ],
)
def test_on_a_page_that_reports_and_sells_nothing_the_model_alone_flags_nothing(
    classifier, sentence
):
    reported = _after_a_reports_lead(classifier, sentence)
    assert not any(claim.violations for claim in reported.claims)


def test_pain_that_goes_over_options_is_not_pain_gone(classifier):
    result = classifier.classify_text(
        "If you live with back pain, a specialist can go over options."
    )
    assert not any("pain-gone" in claim.rules for claim in result.claims)


def test_no_evidence_that_a_product_is_safe_claims_no_safety(classifier):
    sentence = (
        "FDA is not aware of any evidence that cord stem cell products are safe in the spine."
    )
    assert "safety_claim" not in classifier.violation_labels(sentence)


def test_what_the_bodys_own_stem_cells_do_is_no_claim_but_what_the_treatment_does_is(classifier):
    biology = "Throughout life, stem cells repair damaged tissue and replace dying cells."
    offered = "Throughout life our stem cell injections repair damaged discs."
    assert classifier.violation_labels(biology) == set()
    assert "efficacy_claim" in classifier.violation_labels(offered)


def test_a_heading_naming_the_clinics_doctor_passes_no_attribution_on(classifier):
    result = classifier.classify_blocks(
        [
            Block("Dr. Lane says stem cells can help you", "heading"),
            Block("We offer stem cell injections for back pain.", "paragraph"),
            Block("Our stem cell injections rebuild the disc.", "paragraph"),
        ]
    )
    assert result.flagged


def test_a_rebuttal_under_a_myths_heading_speaks_in_the_sites_own_voice(classifier):
    result = classifier.classify_blocks(
        [
            Block("Four myths about regenerative medicine", "heading"),
            Block(
                "Myth: stem cell shots are dangerous. Fact: because we use your own cells, "
                "there is no risk of side effects.",
                "paragraph",
                heading="Four myths about regenerative medicine",
            ),
        ]
    )
    claims = {claim.text[:5]: claim.violations for claim in result.claims}
    assert claims["Myth:"] == []
    assert "safety_claim" in claims["Fact:"]


@pytest.mark.parametrize(
    "text",
    [
        "Contact | Summit Valley Disc Regeneration",
        "\u00a9 2025 Summit Valley Disc Regeneration \u00b7 All rights reserved",
    ],
)
def test_an_outcome_word_in_a_clinics_name_promises_nothing(classifier, text):
    assert "efficacy_claim" not in classifier.violation_labels(text)


@pytest.mark.parametrize(
    "text",
    [
        "Disc Regeneration | Summit Stem Cell Clinic",
        "Natural Disc Repair | Summit Clinic",
        "Why Patients Pick Stem Cells Over Spinal Fusion | Summit Spine",
        "Summit Spine | Lumbar Disc Regeneration",
        "Join 500 Patients Living Pain Free With Stem Cells",
    ],
)
def test_a_page_title_that_names_the_outcome_as_its_service_still_claims_it(classifier, text):
    assert "efficacy_claim" in classifier.violation_labels(text)


@pytest.mark.parametrize(
    ("text", "is_claim"),
    [
        ("Sciatica? Stem cell injections can help.", True),
        (
            "Tired of living with a bulging disc? Our clinic now offers umbilical stem cell "
            "injections!",
            True,
        ),
        ("Can stem cells cure back pain? No one can promise that.", False),
    ],
)
def test_an_offer_answering_a_question_about_back_pain_treats_it(classifier, text, is_claim):
    assert ("treatment_claim" in classifier.violation_labels(text)) is is_claim


def test_a_state_law_that_allows_the_treatment_is_a_sellers_reassurance(classifier):
    result = classifier.classify_blocks(
        [
            Block("We offer stem cell injections for back pain."),
            Block("Florida law now allows physicians like ours to offer stem cell therapy."),
        ]
    )
    assert result.claims[-1].violations == ["regulatory_exempt"]
    assert (
        classifier.violation_labels(
            "A new Florida law allows doctors to offer some stem cell treatments."
        )
        == set()
    )


@pytest.mark.parametrize(
    ("sentence", "label"),
    [
        (
            "Because the FDA considers your own cells part of your body, there is nothing to "
            "approve.",
            "regulatory_exempt",
        ),
        ("Your own stem cells know their job, so very little can go wrong.", "safety_claim"),
        (
            "Get expanded stem cells that U.S. regulations don't allow, just across the border.",
            "regulatory_exempt",
        ),
        (  # the clinic's own statistic, no research
            "More than 2,000 patients received stem cell injections at Spine Renew last year, "
            "and 94% avoided surgery.",
            "efficacy_claim",
        ),
    ],
)
def test_claims_a_seller_makes_where_it_offers_the_treatment(classifier, sentence, label):
    offer = Block("We offer stem cell injections for back pain.")
    result = classifier.classify_blocks([offer, Block(sentence)])
    assert label in result.claims[-1].violations


def test_a_title_naming_a_stem_cell_clinic_and_back_conditions_treats_them(classifier):
    title = "Austin Stem Cell Institute | Sciatica, Bulging Discs & Stenosis"
    result = classifier.classify_blocks(
        [Block(title, "title"), Block("We offer stem cell injections for back pain.")]
    )
    assert "clinic-titled-with-conditions" in result.claims[0].rules
    headline = "FDA Shuts Down Florida Stem Cell Clinic - Back Pain Patients Harmed"
    assert classifier.violation_labels(headline) == set()


def test_an_ad_a_news_story_quotes_in_a_blockquote_does_not_make_it_a_sellers_page(classifier):
    result = classifier.classify_blocks(
        [
            Block("The state board fined a Boise clinic over its advertising on Tuesday."),
            Block("Our amniotic stem cells regrow damaged discs with zero side effects.", "quote"),
        ]
    )
    assert not result.markets_stem_cells


def test_how_many_discs_and_where_the_needle_goes_are_no_conditions_treated(classifier):
    method, price = "The Disc Restore Method", "$4,997"
    items = ["One intradiscal injection", "Up to three disc levels"]
    result = classifier.classify_blocks(
        [
            Block("We offer stem cell injections for back pain."),
            Block(method, "heading"),
            Block(price, "heading", heading=method),
            *(Block(item, "list_item", heading=price, section=method) for item in items),
        ]
    )
    assert [claim.violations for claim in result.claims if claim.text in items] == [[], []]


@pytest.mark.parametrize(
    "texts",
    [
        [  # a trial site describing its trial
            "We are a site in a Phase III, FDA-regulated trial of donor mesenchymal cells for "
            "chronic low back pain.",
            "Whether the cells regrow disc tissue is a question the trial is designed to answer.",
        ],
        [  # a complaint saying what the ads conveyed
            "The company promoted stem cell injections for back pain in seminars.",
            "Defendants' ads conveyed that their stem cell therapy would cure or mitigate "
            "sciatica and arthritis.",
        ],
        [  # a registry entry's field of conditions studied
            "A Study of Umbilical Mesenchymal Stromal Cells in Chronic Spinal Pain",
            "NCT04411111",
            "Conditions: Lumbar Disc Herniation; Osteoarthritis; Parkinson's Disease; Heart "
            "Failure",
        ],
    ],
)
def test_a_trial_page_or_a_complaint_reporting_the_claims_claims_nothing(classifier, texts):
    result = classifier.classify_blocks([Block(text) for text in texts])
    assert [claim.violations for claim in result.claims if claim.violations] == []


@pytest.mark.parametrize(
    ("credit", "claims"),
    [
        ("Radio ad for a Tampa clinic, 2022", False),
        ("Dana R., patient since 2021", True),
        ("Tom R., who saw our Facebook ad in 2023", True),
    ],
)
def test_a_quotation_credited_to_an_ad_is_reported_and_one_credited_to_a_patient_is_not(
    classifier, credit, claims
):
    quotation = "\u201cOur stem cell shots regrew my discs and my back pain is gone for good.\u201d"
    result = classifier.classify_blocks(
        [
            Block("We offer stem cell injections for back pain.", "paragraph"),
            Block(quotation, "quote"),
            Block(credit, "quote"),
        ]
    )
    quoted = next(claim for claim in result.claims if claim.text == quotation)
    assert bool(quoted.violations) is claims


@pytest.mark.parametrize(
    ("sentence", "is_claim"),
    [
        ("\u201cStem cells regrew my discs.\u201d", True),
        ("\u201cPermanent relief without surgery!\u201d", True),
        (
            "Ads promise \u201cdisc regeneration in a single visit,\u201d \u201cno downtime\u201d "
            "and more.",
            False,
        ),
    ],
)
def test_a_sentence_quoted_whole_is_a_quotation_and_a_phrase_quoted_in_one_is_mentioned(
    classifier, sentence, is_claim
):
    offer = Block("We offer stem cell injections for back pain.", "paragraph")
    result = classifier.classify_blocks([offer, Block(sentence, "quote")])
    claim = next((c for c in result.claims if c.text == sentence), None)
    assert bool(claim and claim.violations) is is_claim


def test_a_claim_set_apart_in_quotation_marks_is_mentioned_unless_the_seller_says_it(classifier):
    assert (
        classifier.violation_labels("Sepsis after a \u201cFDA-approved\u201d cord blood shot")
        == set()
    )
    assert "approval_claim" in classifier.violation_labels(
        "Our cord blood lab is \u201cFDA-approved\u201d and inspected."
    )


@pytest.mark.parametrize(
    ("sentence", "is_claim"),
    [
        ("Our PRP injections can heal torn ligaments and relieve sciatica.", False),
        ("Platelet-rich plasma may reduce pain from facet joint arthritis.", False),
        ("Unlike PRP, our injections regrow worn cartilage.", True),
        ("Bone marrow and PRP injections regrow worn cartilage.", True),
        ("Unlike steroid shots or PRP, our injections regrow worn cartilage.", True),
        ("Boosted with PRP, our injections regrow worn discs.", True),
    ],
)
def test_a_claim_of_platelet_rich_plasma_alone_is_out_of_scope(classifier, sentence, is_claim):
    offer = Block("We offer stem cell injections for back pain.", "paragraph")
    result = classifier.classify_blocks([offer, Block(sentence)])
    claim = next((c for c in result.claims if c.text == sentence), None)
    assert bool(claim and claim.violations) is is_claim


def test_a_page_that_names_only_cord_cells_speaks_of_stem_cell_therapy(classifier):
    result = classifier.classify_blocks(
        [
            Block("Our services", "heading"),
            Block("We inject cord cells into worn joints."),
            Block("Patients have no rejection and no side effects."),
        ]
    )
    assert "safety_claim" in result.claims[-1].violations


def test_a_sellers_page_description_naming_the_clinic_is_its_own_claim(classifier):
    description = "Rio Grande Spine Center offers FDA-approved stem cell injections."
    sells = classifier.classify_blocks(
        [Block("Book your stem cell consultation today."), Block(description, "meta")]
    )
    reports = classifier.classify_blocks(
        [Block("Reporters visited three clinics."), Block(description, "meta")]
    )
    assert "approval_claim" in sells.claims[-1].violations
    assert reports.claims[-1].violations == []


def test_a_page_description_naming_the_center_that_offers_is_its_claim(classifier):
    result = classifier.classify_blocks(
        [
            Block("Book your stem cell consultation today."),
            Block(
                "The Center for Regenerative Spine Care offers stem cells that regrow discs.",
                "meta",
            ),
        ]
    )
    assert "efficacy_claim" in result.claims[-1].violations


@pytest.mark.parametrize(
    "sentence",
    [
        "Our stem cell laboratory is certified by INVIMA, the national drug regulator.",
        "Our stem cell preparation holds an authorisation from the regional government.",
    ],
)
def test_a_licence_from_a_foreign_regulator_is_an_approval_claim(classifier, sentence):
    assert "approval_claim" in classifier.violation_labels(sentence)


def test_conditions_patients_come_to_us_for_are_treated(classifier):
    result = classifier.classify_blocks(
        [
            Block("We offer stem cell injections."),
            Block("Patients come to us for disc degeneration and chronic neck pain."),
        ]
    )
    assert "come-to-us-for+condition" in result.claims[-1].rules


def test_a_price_list_beside_research_under_way_still_sells(classifier):
    result = classifier.classify_blocks(
        [
            Block("Pricing", "heading"),
            Block("Stem Cell Disc Injection - $4,800", "list_item", heading="Pricing"),
            Block("Research on stem cells for disc disease is ongoing, and we take part."),
        ]
    )
    assert result.markets_stem_cells


def test_a_page_description_reporting_what_clinics_claim_is_not_the_sellers_claim(classifier):
    result = classifier.classify_blocks(
        [
            Block("Book your stem cell consultation today."),
            Block("Clinics that claim stem cells regrow discs are misleading you.", "meta"),
        ]
    )
    assert result.claims[-1].violations == []


def test_a_doctor_a_news_story_quotes_on_his_results_is_reported(classifier):
    result = classifier.classify_blocks(
        [
            Block("Our stem cell injections treat sciatica and herniated discs."),
            Block(
                "Boyce said he has treated more than 900 patients and that most avoided surgery."
            ),
        ]
    )
    assert result.claims[-1].violations == []


def test_a_logo_naming_an_outcome_is_a_name(classifier):
    result = classifier.classify_blocks(
        [
            Block("We offer stem cell injections for back pain."),
            Block("Cumberland Spine Renewal", "alt"),
        ]
    )
    assert result.claims[-1].violations == []


def test_an_image_naming_the_service_by_its_outcome_claims_it(classifier):
    result = classifier.classify_blocks(
        [
            Block("We offer stem cell injections for back pain."),
            Block("Stem Cell Disc Regeneration", "alt"),
        ]
    )
    assert "efficacy_claim" in result.claims[-1].violations


def test_a_stem_cell_lab_or_panel_of_ours_sells_nothing(classifier):
    for body in ("university stem cell lab", "expert stem cell panel"):
        result = classifier.classify_blocks(
            [
                Block(f"Our {body} reviews the evidence on cells in the spine."),
                Block(
                    "Clinics have claimed to help patients with spinal stenosis, lupus and COPD."
                ),
            ]
        )
        assert not result.markets_stem_cells


@pytest.mark.parametrize(
    ("sentence", "is_claim"),
    [
        ("Our stem cell therapy repairs degenerated discs; the exact mechanism is unclear.", True),
        (
            "Our stem cell injections regenerate damaged discs, and how long the effect lasts is "
            "unknown.",
            True,
        ),
        ("Whether stem cells regrow discs is unknown.", False),
    ],
)
def test_only_a_claim_that_is_itself_the_open_question_is_taken_back(
    classifier, sentence, is_claim
):
    assert bool(classifier.violation_labels(sentence)) is is_claim


@pytest.mark.parametrize(
    ("sentence", "is_claim"),
    [
        (
            "Our medical director said he has seen discs regenerate after a stem cell injection.",
            True,
        ),
        ("Dr. Lane said he has seen discs regenerate after a stem cell injection.", False),
    ],
)
def test_what_the_sellers_own_doctor_said_is_the_sellers_claim(classifier, sentence, is_claim):
    assert bool(classifier.violation_labels(sentence)) is is_claim


def test_a_follow_up_visit_is_no_trial(classifier):
    result = classifier.classify_text("Your follow-up stem cell injection is free.")
    assert "trial_or_ind" not in result.labels


@pytest.mark.parametrize(
    ("offer", "listed"),
    [
        pytest.param(
            "Isla Verde's first dedicated stem cell center offers a private setting.",
            "We also treat Parkinson's disease, heart failure, lupus and COPD.",
            id="a seller naming itself and saying we",
        ),
        pytest.param(
            "Our NovaGen stem cell therapy activates stem cells already in your blood.",
            "It has helped patients with spinal stenosis, lupus, autism and COPD.",
            id="a therapy the seller names by its brand",
        ),
        pytest.param(
            "Our umbilical cord tissue MSCs are expanded in our own laboratory.",
            "Patients with lupus, COPD, ALS or sciatica can all benefit from the same infusion.",
            id="our cord tissue stem cells",
        ),
    ],
)
def test_a_sellers_diseases_listed_after_its_offer_are_a_broad_indication(
    classifier, offer, listed
):
    result = classifier.classify_blocks([Block(offer), Block(listed)])
    assert result.markets_stem_cells
    assert "broad_indication" in _violations_of(result, listed)


@pytest.mark.parametrize(
    ("item", "sells"),
    [
        ("Stem Cell Disc Injection $4,800", True),
        ("Umbilical MSC Infusion \u2014 from $6,500", True),
        ("Average cost of stem cell therapy: $5,000", False),
    ],
)
def test_a_price_list_with_a_stem_cell_item_sells_it(classifier, item, sells):
    result = classifier.classify_blocks(
        [Block(item, "list_item"), Block("For lupus, COPD, autism and heart failure", "list_item")]
    )
    assert result.markets_stem_cells is sells
    assert ("broad_indication" in result.claims[-1].violations) is sells


def test_a_price_table_row_with_a_stem_cell_item_sells_it(classifier):
    row = ["Single level", "One BMAC injection under fluoroscopy", "$6,200"]
    result = classifier.classify_blocks(
        [
            *(Block(cell, "table_cell") for cell in row),
            Block("Guaranteed pain relief or your next injection is free", "table_cell"),
        ]
    )
    assert result.markets_stem_cells
    assert "efficacy_claim" in result.claims[-1].violations


def test_a_news_storys_table_of_what_clinics_charge_sells_nothing(classifier):
    result = classifier.classify_blocks(
        [
            Block(
                "Reporters called 12 clinics, and most said their shots could help, records show."
            ),
            *(Block(cell, "table_cell") for cell in ("Clinic A", "Stem cell injection", "$5,200")),
            Block("Stem cells can treat lupus, COPD, autism and heart failure", "table_cell"),
        ]
    )
    assert not result.markets_stem_cells


@pytest.mark.parametrize(
    ("question", "answer", "claims"),
    [
        ("Is stem cell therapy safe?", "Absolutely. We have done thousands of injections.", True),
        ("Will stem cells regrow my discs?", "In most cases, yes.", True),
        ("Are stem cells FDA approved?", "Yes, but only for blood cancers.", False),
        ("Is stem cell therapy safe?", "Yes, say the ads, but the evidence is thin.", False),
        ("Is stem cell therapy safe?", "Yes, say the ads.", False),
        ("Are stem cells FDA approved?", "Yes, for certain blood cancers.", False),
        (
            "Will stem cells regrow my discs?",
            "Definitely something to discuss at your visit.",
            False,
        ),
        ("Will stem cells regrow my discs?", "Yes, within a clinical trial.", False),
        ("Will stem cells regrow my discs?", "Yes, if you are a good candidate.", True),
        ("Is stem cell therapy safe?", "Yes, clinical studies have confirmed it many times.", True),
        ("Can stem cells heal my worn discs?", "Yes, and thousands of our patients say so.", True),
        # the answer claims it in its own words, where its flag belongs
        ("Is stem cell therapy safe?", "Yes. Our stem cells are completely safe.", False),
    ],
)
def test_a_question_the_faq_answers_yes_is_the_sellers_claim(classifier, question, answer, claims):
    result = classifier.classify_blocks(
        [
            Block("We offer stem cell injections for back pain."),
            Block(question, "faq_question"),
            Block(answer, "faq_answer"),
        ]
    )
    asked = next(claim for claim in result.claims if claim.text == question)
    assert bool(asked.violations) is claims


def test_a_readers_comment_saying_yes_answers_no_question_of_the_sellers(classifier):
    result = classifier.classify_blocks(
        [
            Block("We offer stem cell injections for back pain."),
            Block("Will stem cells regrow my discs?", "paragraph"),
            Block("Absolutely!", "comment"),
        ]
    )
    asked = next(claim for claim in result.claims if claim.text.startswith("Will"))
    assert asked.violations == []


def test_a_guide_to_the_evidence_sells_nothing(classifier):
    heading = "Stem cell shots for sciatica: the evidence"
    result = classifier.classify_blocks(
        [
            Block(heading, "heading"),
            Block("You may have seen ads for stem cell shots for sciatica.", heading=heading),
            Block("What is proven", "heading", heading=heading),
            Block("Cells can be drawn from bone marrow.", "list_item", heading="What is proven"),
        ]
    )
    assert not result.markets_stem_cells
    assert not result.flagged


@pytest.mark.parametrize(
    "title",
    [
        "Stem Cell Injections for Sciatica \u2013 A Patient's Guide",
        "Umbilical Cord Cells for Degenerative Disc Disease: The Complete 2025 Overview",
    ],
)
def test_a_title_naming_itself_a_guide_names_its_topic_on_a_sellers_page(classifier, title):
    result = classifier.classify_blocks(
        [
            Block(title, "title"),
            Block("Book your stem cell injection at our clinic today.", "paragraph"),
        ]
    )
    assert result.markets_stem_cells
    assert not _violations_of(result, title)


def test_conditions_a_stem_cell_page_says_it_helps_are_treated(classifier):
    listed = "Conditions we help: bulging discs, sciatica, spinal stenosis"
    page = [
        Block("Stem cell injections at Mesa Ridge Spine", "title"),
        Block(listed, "paragraph"),
    ]
    assert "treatment_claim" in _violations_of(classifier.classify_blocks(page), listed)


def test_a_consult_that_tells_you_whether_you_are_a_candidate_describes_no_research(classifier):
    offer = "Stem Cell Injections for Sciatica in Tempe, AZ"
    page = [
        Block(offer),
        Block("Our physicians use cells drawn from your own hip bone to help calm inflamed discs."),
        Block("A free phone consult will tell you whether you are a good candidate."),
    ]
    assert "treatment_claim" in _violations_of(classifier.classify_blocks(page), offer)


def test_our_knowledge_of_stem_cells_offers_none(classifier):
    page = [Block("Our knowledge of stem cells comes from twenty years of research.")]
    assert not classifier.classify_blocks(page).markets_stem_cells


@pytest.mark.parametrize(
    ("sentence", "treats"),
    [
        ("For bulging discs, we usually recommend two rounds of cord cell injections.", True),
        ("For sciatica we offer injections of your own concentrated marrow cells.", True),
        ("We use an MRI to find the cause of your sciatica before any injection.", False),
        ("For sciatica, we recommend you see your family doctor first.", False),
    ],
)
def test_what_we_offer_for_a_condition_the_sentence_opens_with_treats_it(
    classifier, sentence, treats
):
    page = [Block("Stem cell injections at our clinic. Book your visit today."), Block(sentence)]
    violations = _violations_of(classifier.classify_blocks(page), sentence)
    assert ("treatment_claim" in violations) == treats


def test_a_practice_page_citing_research_still_hedges_its_own_offer(classifier):
    hedged = "Bone marrow stem cell shots may help ease pain from worn lumbar discs."
    practice = [
        Block("Is cell therapy right for you?"),
        Block(hedged),
        Block("Studies suggest these cells may slow disc wear."),
        Block("Ask your doctor whether a referral to our spine program makes sense."),
    ]
    review = [practice[0], practice[1], practice[2], Block("We reviewed twelve trials.")]
    assert "treatment_claim" in _violations_of(classifier.classify_blocks(practice), hedged)
    assert not _violations_of(classifier.classify_blocks(review), hedged)


def test_a_rebuttal_under_a_heading_that_reports_claims_is_reported_too(classifier):
    heading = "What some clinics promise"
    result = classifier.classify_blocks(
        [
            Block(heading, "heading"),
            Block("Fact: stem cells regrow your discs in one visit.", heading=heading),
        ]
    )
    assert not result.flagged


def test_a_wide_range_of_diseases_is_no_list_of_diseases(classifier):
    labels = classifier.violation_labels("Stem cells treat a wide range of diseases and injuries.")
    assert "broad_indication" not in labels


@pytest.mark.parametrize(
    "sentence",
    [
        "Stem cell therapy may be FDA approved one day, but it is not yet.",
        "An FDA-approved clinical trial is testing stem cells for disc disease.",
        "The FDA approved this trial of cord blood cells last spring.",
    ],
)
def test_an_approval_to_come_or_of_a_trial_is_no_approval_claim(classifier, sentence):
    assert "approval_claim" not in classifier.violation_labels(sentence)


def test_exempt_from_fda_regulation_is_no_approval_claim(classifier):
    labels = classifier.violation_labels("Our stem cell procedures are exempt from FDA regulation.")
    assert labels == {"regulatory_exempt"}


def test_a_rule_the_seller_cites_is_no_regulator_speaking(classifier):
    labels = classifier.violation_labels("Under FDA rule 1271, our cord tissue is exempt.")
    assert labels == {"regulatory_exempt"}


def test_a_full_stop_after_an_abbreviation_ends_no_sentence(classifier):
    result = classifier.classify_text(
        "Dr. Patel injects stem cells that regrow discs. We see patients in the U.S. and Canada. "
        "Visit the U.S. Our stem cells are FDA approved."
    )
    assert [claim.text for claim in result.claims if claim.violations] == [
        "Dr. Patel injects stem cells that regrow discs.",
        "Our stem cells are FDA approved.",
    ]


def test_every_flag_names_what_fired_and_where(classifier):
    result = classifier.classify_text("Our stem cell injections are FDA exempt and regrow discs.")
    claim = next(claim for claim in result.claims if claim.flagged)
    assert claim.rules
    assert claim.text == "Our stem cell injections are FDA exempt and regrow discs."
    assert (claim.start, claim.end) == (0, len(claim.text))
    assert any(match.label == "regulatory_exempt" for match in claim.matches)
    for match in claim.matches:
        assert claim.text[match.start : match.end]


@pytest.mark.parametrize("product", ["cord-tissue", "cord-blood"])
def test_a_hyphenated_birth_tissue_product_is_stem_cell_therapy(classifier, product):
    result = classifier.classify_text(f"Ask about our {product} injection for knee pain.")
    assert "stem_cell_therapy" in result.labels


@pytest.mark.parametrize(
    "sentence",
    [
        "Stem cell injections for back, knee or shoulder pain",
        "Exosome therapy for neck, shoulder, and hip pain",
        "Stem cells for back/knee pain",
        "Stem cells ease the aching in your back.",
    ],
)
def test_back_pain_named_alongside_other_pain_or_as_pain_in_the_back(classifier, sentence):
    assert "back_pain_indication" in classifier.classify_text(sentence).labels


def test_pain_in_the_back_of_a_knee_is_no_back_pain(classifier):
    result = classifier.classify_text("Stem cells may ease the pain in the back of your knee.")
    assert "back_pain_indication" not in result.labels


def test_context_labels_are_found(classifier):
    result = classifier.classify_text(
        "This trial (NCT01234567) of mesenchymal stem cells for herniated discs is investigational."
    )
    assert {"stem_cell_therapy", "back_pain_indication", "trial_or_ind", "disclaimer"} <= set(
        result.labels
    )


@pytest.mark.parametrize(
    "sentence",
    [
        "Our patient, a 64-year-old golfer, had three bulging discs.",
        "JM is a 52 y/o with chronic sciatica.",
        "Six weeks after her stem cell injection she was back on the tennis court.",
        "Maria was able to return to work a month after her injection.",
        "I avoided back surgery thanks to my stem cell injection.",
    ],
)
def test_a_patients_story_is_a_testimonial(classifier, sentence):
    assert "testimonial" in classifier.classify_text(sentence).labels


def test_what_a_treatment_allows_is_no_patients_story(classifier):
    labels = classifier.classify_text("This procedure was able to help many patients.").labels
    assert "testimonial" not in labels


def test_a_hedged_claim_on_a_page_that_sells_is_a_claim(classifier):
    hedged = "Stem cell injections may help relieve your sciatica and could regrow your discs."
    result = classifier.classify_blocks(
        [Block("We offer stem cell injections at our Dallas clinic.", "paragraph"), Block(hedged)]
    )
    claim = next(c for c in result.claims if c.text == hedged)
    assert {"treatment_claim", "efficacy_claim"} <= set(claim.violations)


def test_what_you_were_told_is_attributed_but_if_you_were_told_is_a_condition(classifier):
    offer = Block("We offer stem cell injections at our Dallas clinic.", "paragraph")
    told_that = "You may have been told that stem cell shots regrow discs."
    if_told = "If you have been told you need surgery, our stem cells can give your life back."
    result = classifier.classify_blocks([offer, Block(told_that), Block(if_told)])
    violations = {claim.text: claim.violations for claim in result.claims}
    assert (violations[told_that], violations[if_told]) == ([], ["efficacy_claim"])


@pytest.mark.parametrize(
    "sentence",
    [
        "Worn facet joints are a frequent cause of chronic neck and lower back pain.",
        "Degenerating discs in the lumbar spine often lead to chronic back pain and sciatica.",
        "In a fusion, the surgeon removes the disc and replaces it with bone and screws.",
        "In the U.S., regenerative treatments for back pain are restricted.",
    ],
)
def test_what_causes_pain_surgery_or_a_restriction_is_no_claim_on_a_page_that_sells(
    classifier, sentence
):
    result = classifier.classify_blocks(
        [Block("We offer stem cell injections for back pain.", "paragraph"), Block(sentence)]
    )
    claim = next(c for c in result.claims if c.text == sentence)
    assert claim.violations == []


@pytest.mark.parametrize(
    "sentence",
    ["I had a bulging disc for eight years.", "My back pain began after a fall in 2019."],
)
def test_a_patients_history_on_a_page_that_sells_names_no_treatment(classifier, sentence):
    result = classifier.classify_blocks(
        [Block("We offer stem cell injections for back pain.", "paragraph"), Block(sentence)]
    )
    claim = next(c for c in result.claims if c.text == sentence)
    assert claim.violations == []


def test_a_disclaimer_elsewhere_does_not_cancel_a_claim(classifier):
    result = classifier.classify_blocks(
        [
            Block("Our stem cell injections regrow damaged discs.", "paragraph"),
            Block("These statements have not been evaluated by the FDA.", "footer"),
        ]
    )
    assert result.flagged


def test_a_page_without_stem_cells_is_not_flagged_whatever_it_promises(classifier):
    result = classifier.classify_blocks(
        [
            Block("Chiropractic adjustments for sciatica and neck pain.", "heading"),
            Block("Our drug-free care is completely safe with no side effects.", "paragraph"),
            Block("Avoid back surgery with gentle spinal decompression.", "paragraph"),
            Block("Massage therapy is proven to ease chronic low back pain.", "paragraph"),
        ]
    )
    assert not result.markets_stem_cells
    assert not page_verdict(result).flagged
    assert [claim.violations for claim in result.claims if claim.violations] == []


def test_an_answer_offers_what_its_question_or_heading_names(classifier):
    answer = "Our treatment is exempt from FDA approval."
    for context in (
        Block("Is stem cell therapy FDA approved?", "faq_question"),
        Block("Stem Cell Therapy", "heading"),
    ):
        heading = context.text if context.kind == "heading" else ""
        result = classifier.classify_blocks([context, Block(answer, "paragraph", heading)])
        assert result.markets_stem_cells, context.kind
        assert page_verdict(result).flagged
    other_question = classifier.classify_blocks(
        [
            Block("What does stem cell therapy cost?", "faq_question"),
            Block("It depends on the joint.", "paragraph"),
            Block("Do you accept insurance?", "faq_question"),
            Block(answer, "paragraph"),
        ]
    )
    assert not other_question.markets_stem_cells


@pytest.mark.parametrize(
    "page",
    [
        [  # a trial's recruitment page
            Block("Stem Cells for Low Back Pain: a Randomized Trial", "heading"),
            Block("Participants will receive either the cell injection or a placebo.", "paragraph"),
            Block("People who have had a stem cell injection into the spine", "list_item"),
        ],
        [  # an FDA warning
            Block(
                "The FDA told the company that its cord blood product was more than "
                "minimally manipulated.",
                "paragraph",
            ),
            Block("Stem cell products used for back pain are not approved.", "paragraph"),
        ],
        [  # patient education
            Block("Stem Cells for Back Pain: What Patients Should Know", "heading"),
            Block("Myth: Stem cell therapy regrows damaged discs.", "paragraph"),
            Block(
                "Researchers are testing whether stem cells can slow disc degeneration.",
                "paragraph",
            ),
        ],
        [  # a review that speculates
            Block(
                "Mesenchymal stem cells could one day regenerate worn discs and spare patients "
                "a fusion.",
                "paragraph",
            ),
            Block("Injected cells may relieve discogenic pain for years.", "paragraph"),
        ],
    ],
)
def test_pages_that_speak_of_stem_cells_without_selling_them_are_not_flagged(classifier, page):
    result = classifier.classify_blocks(page)
    assert not result.markets_stem_cells
    assert not page_verdict(result).flagged


def test_a_fragment_claims_only_on_a_page_that_sells_but_a_whole_sentence_always_does(classifier):
    heading = Block("Stem Cell Injections for Sciatica", "heading")
    research = Block("Researchers are testing whether stem cells help sciatica.", "paragraph")
    cell = Block("Stem cell injections for sciatica", "table_cell", heading.text)
    statement = Block("Stem cell injections can help people with sciatica.", "table_cell")
    result = classifier.classify_blocks([heading, research, cell, statement])
    assert not result.markets_stem_cells  # a news or patient-education page's topic
    violations = {claim.text: claim.violations for claim in result.claims}
    assert violations[heading.text] == violations[cell.text] == []
    assert violations[statement.text] == ["treatment_claim"]
    offer = Block("Book your free consultation.", "paragraph", heading.text)
    sold = classifier.classify_blocks([heading, offer])
    assert "treatment_claim" in next(c for c in sold.claims if c.text == heading.text).violations


def test_a_seller_offering_stem_cells_in_its_own_voice_markets_them(classifier):
    result = classifier.classify_blocks(
        [
            Block("Stem Cell Therapy for Back Pain", "heading"),
            Block("We offer stem cell injections for herniated discs.", "paragraph"),
        ]
    )
    assert result.markets_stem_cells


def test_a_list_under_conditions_we_treat_is_a_treatment_claim(classifier):
    heading = "Conditions we treat with stem cell therapy"
    result = classifier.classify_blocks(
        [
            Block("Regenerative stem cell injections", "heading"),
            Block("Herniated discs", "list_item", heading, list_id=1),
            Block("Sciatica", "list_item", heading, list_id=1),
        ]
    )
    labels = {claim.text: set(claim.labels) for claim in result.claims}
    assert "treatment_claim" in labels["Herniated discs"]


def test_a_list_under_a_sub_heading_of_conditions_we_treat_is_a_treatment_claim(classifier):
    section = "Conditions we treat with stem cell therapy"
    steps = "How the procedure works"
    result = classifier.classify_blocks(
        [
            Block(section, "heading"),
            Block("Spine", "heading"),
            Block("Degenerative disc disease", "list_item", "Spine", section, list_id=1),
            Block(steps, "heading"),
            Block("A small marrow draw from the hip", "list_item", steps, section, list_id=2),
            Block("Injection where the spine needs it", "list_item", steps, section, list_id=2),
        ]
    )
    labels = {claim.text: set(claim.labels) for claim in result.claims}
    assert "treatment_claim" in labels["Degenerative disc disease"]
    assert "treatment_claim" not in labels["Injection where the spine needs it"]


def test_a_long_sub_heading_does_not_pass_on_the_treatment_heading_above_it(classifier):
    section = "Conditions we treat with stem cell therapy"
    heading = "Every patient gets these steps before any spine procedure"
    result = classifier.classify_blocks(
        [
            Block(section, "heading"),
            Block(heading, "heading"),
            Block("Herniated discs", "list_item", heading, section, list_id=1),
        ]
    )
    labels = {claim.text: set(claim.labels) for claim in result.claims}
    assert "treatment_claim" not in labels.get("Herniated discs", set())


@pytest.mark.parametrize(
    "finding",
    [
        "Studies show stem cell injections regrow disc tissue.",
        "Stem cell injections have been shown to be highly effective in knee arthritis.",
    ],
)
def test_a_finding_cited_by_a_seller_is_a_claim_and_research_elsewhere(classifier, finding):
    selling = classifier.classify_blocks(
        [Block("We offer stem cell injections for back pain.", "paragraph"), Block(finding)]
    )
    assert "efficacy_claim" in next(c for c in selling.claims if c.text == finding).labels
    assert classifier.violation_labels(finding) == set()


def test_a_treatment_named_in_a_disclaimer_is_not_a_treatment_claim(classifier):
    disclaimers = [
        "There are no FDA-approved stem cell injections for back pain.",
        "Stem cell injections are experimental and not recommended for chronic back pain.",
        "Little clinical evidence supports stem cell injections for the treatment of sciatica.",
    ]
    assert [classifier.violation_labels(text) for text in disclaimers] == [set()] * 3


def test_a_treatment_named_after_a_reports_lead_is_no_claim_and_offered_it_is(classifier):
    named = "Patients often ask me about stem cell injections for back pain."
    research = "Few clinical data support the use of stem cells for the treatment of sciatica."
    for sentence in (named, research):
        reported = _after_a_reports_lead(classifier, sentence)
        assert [claim.violations for claim in reported.claims] == [[], []]
    offered = classifier.classify_blocks(
        [Block("Book your stem cell consultation today.", "paragraph"), Block(named)]
    )
    assert "treatment_claim" in next(c for c in offered.claims if c.text == named).labels
    assert "treatment_claim" in classifier.violation_labels(
        "Stem cell therapy is effective for sciatica and herniated discs."
    )


@pytest.mark.parametrize(
    ("sentence", "is_claim"),
    [
        ("If you want a treatment that really works, our stem cells regrow discs.", True),
        ("Sign up today to read how stem cell injections regrow damaged discs.", True),
        ("Our lab is FDA registered and inspected by the FDA every year.", True),
        (
            "Her surgeon told her fusion was a must, but after stem cells her pain is gone.",
            True,
        ),
        ("Studies show our stem cell injections regrow discs.", True),
        # research stated as research is not a claim, even on a page that sells
        ("Stem cell patients reported 80% less pain than the control group.", False),
        ("In a 2017 trial, 60% of patients improved.", False),
        ("A 2019 study found that 70% of stem cell patients had less back pain.", False),
        ("Stem cells regrow discs when injected early, the clinic claims.", False),
        ("The clinic claims its stem cells not only relieve pain but regrow discs.", False),
        ("Experts see no proof, but clinics advertise that stem cells regrow discs.", False),
        ("Stop taking NSAIDs one week before your stem cell injection.", False),
        ("At the end of surgery, the surgeon closes the incision.", False),
        ("Patients often ask us what is legal.", False),
        ("Our doctors are licensed in 3 countries.", False),
        ("Researchers are trying stem cell shots in the hope that they regrow discs.", False),
        ("Dana thought that a spinal fusion was her only hope of a pain-free life.", False),
        ('Get "permanent relief" with stem cell injections today.', True),
        (
            "Our doctor will assess whether you are a candidate for stem cell therapy, which "
            "regrows damaged discs.",
            True,
        ),
        ("Our claim: 9 out of 10 patients are pain free after one stem cell shot.", True),
        ("Since the procedure is limited to your own cells, it needs no FDA approval.", True),
        ("Until recently, clinics were not allowed to say stem cells cure arthritis.", False),
        ("After spinal fusion, physical therapy helps patients regain function.", False),
        ("Book this month and save 20% before prices drop.", False),
        ("The same is true of the pain after a fusion.", False),
    ],
)
def test_cues_reach_only_as_far_as_their_clause_on_a_selling_page(classifier, sentence, is_claim):
    offer = Block("We offer stem cell injections for back pain.", "paragraph")
    result = classifier.classify_blocks([offer, Block(sentence)])
    claim = next((c for c in result.claims if c.text == sentence), None)
    assert bool(claim and claim.violations) is is_claim


def test_a_condition_listed_under_contraindications_is_not_treated(classifier):
    section, heading = "Conditions we treat with stem cells", "Contraindications"
    items = ["Active cancer", "Rheumatoid arthritis", "Multiple sclerosis", "Lupus"]
    result = classifier.classify_blocks(
        [Block(section, "heading"), Block(heading, "heading")]
        + [Block(item, "list_item", heading, section, list_id=1) for item in items]
    )
    assert [claim.text for claim in result.claims if claim.violations] == []


def test_the_spine_in_a_clinics_name_or_alone_is_not_a_condition_treated(classifier):
    """DESIGN.md: a named condition is a diagnosis or pain in a body area, not the body part
    ("your back"); spine conditions are one."""
    offer = Block("We offer stem cell injections for knee arthritis.", "paragraph")
    named = "Mesa Verde Regenerative Spine | Stem Cell Therapy in Tucson"
    body_part = "Stem Cell Therapy for the Spine | Mesa Verde"
    title_cased = "Regenerative Treatments For Your Spine - Mesa Verde"
    treated = "Stem Cell Therapy for Spine Conditions | Mesa Verde"
    blocks = [Block(named, "title"), *(Block(t, "heading") for t in (body_part, title_cased))]
    result = classifier.classify_blocks([*blocks, Block(treated, "heading"), offer])
    labels = {claim.text: claim.violations for claim in result.claims}
    assert labels.get(named, []) == []
    assert "treatment_claim" not in labels.get(body_part, [])
    assert "treatment_claim" not in labels.get(title_cased, [])
    assert "treatment_claim" in labels[treated]


def test_a_spine_service_is_not_a_condition_treated(classifier):
    offer = "We offer stem cell injections for knee arthritis."
    service = "Our center offers visits to patients who have been told to have a spinal procedure."
    result = classifier.classify_blocks([Block(offer, "paragraph"), Block(service, "paragraph")])
    labels = {claim.text: set(claim.labels) for claim in result.claims}
    assert "treatment_claim" in labels[offer]
    assert "treatment_claim" not in labels[service]


def test_a_body_part_in_a_clinics_name_is_not_a_condition_treated(classifier):
    offer = "We offer stem cell injections for knee arthritis."
    named = "Pacific Disc Renewal Center - stem cell and exosome therapy in San Diego"
    ampersand = "Pacific Disc & Spine Center - stem cell and exosome therapy in San Diego"
    offered = "Stem Cell Shots For Your Disc At Our Clinic"
    blocks = [Block(offer, "paragraph"), Block(named, "paragraph"), Block(offered, "heading")]
    blocks.append(Block(ampersand, "paragraph"))
    violations = {
        claim.text: claim.violations for claim in classifier.classify_blocks(blocks).claims
    }
    assert violations[named] == violations[ampersand] == []
    assert "treatment_claim" in violations[offered]


def test_a_practice_name_in_the_footer_does_not_make_a_page_about_stem_cells(classifier):
    outcome = "Our home exercise program keeps 9 out of 10 patients out of the operating room."
    practice = Block("\u00a9 2025 Desert Ridge Spine & Regenerative Medicine", "footer")
    title = Block("Physical Therapy | Desert Ridge Spine & Regenerative Medicine", "title")
    services = Block("Stem cell therapy \u00b7 PRP \u00b7 Physical therapy", "footer")
    injections = Block("Services: regenerative injections \u00b7 Physical therapy", "footer")

    def violations(footer: Block) -> list[str]:
        result = classifier.classify_blocks([Block(outcome, "paragraph"), footer])
        return next(claim for claim in result.claims if claim.text == outcome).violations

    assert violations(practice) == violations(title) == []
    assert violations(services) == violations(injections) == ["efficacy_claim"]


def test_a_stem_cell_shot_a_patient_never_needed_sells_no_stem_cells(classifier):
    story = (
        "After eight weeks of exercise my sciatica was gone and I never needed the stem cell "
        "shot my neighbour recommended."
    )
    result = classifier.classify_blocks(
        [Block("Physical therapy for back pain", "heading"), Block(story, "quote")]
    )
    assert not result.markets_stem_cells
    assert next(claim for claim in result.claims if claim.text == story).violations == []


def test_a_reference_marker_glued_to_a_sentence_hides_no_claim(classifier):
    text = "Our fat-derived stem cells cause no serious side effects.[3][4] They regrow discs.[12]"
    claims = [claim for claim in classifier.classify_text(text).claims if claim.violations]
    assert [(claim.text, claim.violations) for claim in claims] == [
        ("Our fat-derived stem cells cause no serious side effects.", ["safety_claim"]),
        ("They regrow discs.", ["efficacy_claim"]),
    ]
    assert [text[claim.start : claim.end] for claim in claims] == [c.text for c in claims]


def test_a_single_injection_on_a_page_about_stem_cells_is_the_treatment_offered(classifier):
    card = "A single injection can relieve sciatica that has not responded to epidurals."
    other = "A single injection of cortisone can relieve sciatica for a few weeks."
    title = "Stem Cells for Sciatica"
    result = classifier.classify_blocks(
        [
            Block(title, "heading"),
            Block(card, "paragraph", heading=title),
            Block(other, "paragraph", heading=title),
        ]
    )
    violations = {claim.text: claim.violations for claim in result.claims}
    assert "treatment_claim" in violations[card]
    assert violations[other] == []


def test_it_and_these_procedures_on_a_page_about_stem_cells_speak_of_the_treatment(classifier):
    intro = "We harvest mesenchymal stem cells from your own bone marrow."
    pronoun = "It has also been used for degenerative disc disease."
    plural = "In other words, these procedures can treat chronic sciatica."
    result = classifier.classify_blocks(
        [Block(intro, "paragraph"), Block(pronoun, "paragraph"), Block(plural, "paragraph")]
    )
    violations = {claim.text: claim.violations for claim in result.claims}
    assert "treatment_claim" in violations[pronoun]
    assert "treatment_claim" in violations[plural]


def test_a_practice_that_does_not_offer_stem_cells_sells_none(classifier):
    result = classifier.classify_blocks(
        [
            Block(
                "We do not offer stem cell or exosome injections at any of our clinics.",
                "paragraph",
            ),
            Block(
                "Our therapists treat arthritis, stroke recovery, Parkinson's disease and multiple "
                "sclerosis with tailored exercise plans.",
                "paragraph",
            ),
            Block(
                "Exercise-based care has no harmful side effects for most patients.", "paragraph"
            ),
        ]
    )
    assert not result.markets_stem_cells
    assert [claim.text for claim in result.claims if claim.violations] == []


def test_a_list_of_what_a_practice_does_not_offer_is_declined_whole(classifier):
    result = classifier.classify_blocks(
        [
            Block("We do not offer PRP, prolotherapy or stem cell injections.", "paragraph"),
            Block("Our injections are 100% safe with no side effects.", "paragraph"),
        ]
    )
    assert not result.markets_stem_cells
    assert [claim.text for claim in result.claims if claim.violations] == []


@pytest.mark.parametrize(
    ("sentence", "is_claim"),
    [
        (
            "Patients often ask about stem cell injections for sciatica; we do not offer them "
            "because the evidence is still thin.",
            False,
        ),
        (
            "Our stem cell injections heal herniated discs, and we never do them without imaging "
            "guidance.",
            True,
        ),
    ],
)
def test_a_treatment_declined_by_a_pronoun_is_declined(classifier, sentence, is_claim):
    page = [
        Block("Minimally Invasive Spine Surgery", "title"),
        Block("Our surgeons remove the part of a herniated disc that presses on a nerve."),
        Block(sentence),
    ]
    assert bool(_violations_of(classifier.classify_blocks(page), sentence)) is is_claim


def test_what_a_seller_does_not_do_leaves_what_it_offers_in_the_same_sentence(classifier):
    offer = "We never do fusion surgery, we offer stem cell injections that regrow discs."
    result = classifier.classify_blocks(
        [
            Block(offer, "paragraph"),
            Block("Our injections are 100% safe with no side effects.", "paragraph"),
        ]
    )
    assert result.markets_stem_cells
    assert all(claim.violations for claim in result.claims)


def test_a_seller_that_does_not_promise_an_outcome_claims_none(classifier):
    declined = "Dr. Patel does not promise that any patient will avoid surgery."
    result = classifier.classify_blocks(
        [
            Block("We offer stem cell injections for sciatica.", "paragraph"),
            Block(declined, "paragraph"),
        ]
    )
    assert result.markets_stem_cells
    assert [claim.violations for claim in result.claims if claim.text == declined] == [[]]


def test_prospective_patients_are_not_a_prospective_trial(classifier):
    result = classifier.classify_text("Prospective patients can book a stem cell consultation.")
    assert all("trial_or_ind" not in claim.labels for claim in result.claims)


def test_broad_indication_is_judged_over_a_list(classifier):
    heading = "Stem cell therapy treats"
    items = ["Low back pain", "Multiple sclerosis", "Autism", "COPD", "Diabetes"]
    blocks = [Block("Our stem cell clinic", "heading")]
    blocks += [Block(item, "list_item", heading, list_id=7) for item in items]
    result = classifier.classify_blocks(blocks)
    assert any("broad_indication" in claim.labels for claim in result.claims)


def test_a_page_that_describes_concentrating_bone_marrow_sells_stem_cell_therapy(classifier):
    blocks = [
        Block("Is the procedure FDA approved?", "faq_question"),
        Block("Yes. The device we use to concentrate your bone marrow is FDA cleared, so the "
              "procedure itself is FDA approved.", "faq_answer"),
    ]  # fmt: skip
    result = classifier.classify_blocks(blocks)
    assert result.markets_stem_cells
    assert page_verdict(result).labels == ["approval_claim"]


@pytest.mark.parametrize("kind", ["list_item", "table_cell"])
def test_broad_indication_is_judged_over_every_list_or_cell_under_a_heading(classifier, kind):
    heading = "Conditions we treat with stem cells"
    tabs = [["Low back pain", "Sciatica"], ["Multiple sclerosis", "Parkinson's"], ["COPD"]]
    blocks = [Block("Our stem cell clinic", "heading")]
    for list_id, items in enumerate(tabs):  # a tab per specialty, a <ul> in each
        blocks += [Block(item, kind, heading, list_id=list_id) for item in items]
    result = classifier.classify_blocks(blocks)
    broad = {claim.text for claim in result.claims if "broad_indication" in claim.labels}
    assert {"Multiple sclerosis", "COPD"} <= broad


def test_a_card_grid_under_conditions_we_treat_is_a_list_of_conditions(classifier):
    heading = "Conditions we treat with stem cells"
    blocks = [Block(heading, "heading")]
    for title, blurb in [
        ("Degenerative Disc Disease", "Worn discs lose height and hydration."),
        ("COPD", "Shortness of breath that limits your day."),
        ("Multiple Sclerosis", "The immune system attacks the nerves."),
        ("Pricing", "Ask us about financing."),
    ]:  # a card each: a title over a blurb
        blocks += [Block(title, "heading", heading), Block(blurb, "paragraph", title, heading)]
    result = classifier.classify_blocks(blocks)
    broad = {claim.text for claim in result.claims if "broad_indication" in claim.labels}
    assert broad == {"Degenerative Disc Disease", "COPD", "Multiple Sclerosis"}


def test_a_group_label_over_its_own_list_is_not_a_condition_listed(classifier):
    section = "Conditions we treat with stem cells"
    blocks = [Block(section, "heading"), Block("Spine", "heading", section)]
    blocks += [Block(item, "list_item", "Spine", section, list_id=1) for item in ["Sciatica"]]
    labels = {claim.text: claim.violations for claim in classifier.classify_blocks(blocks).claims}
    assert "treatment_claim" in labels["Sciatica"]
    assert labels.get("Spine", []) == []


def test_a_readers_comment_is_a_claim_only_where_the_page_sells(classifier):
    comment = Block("My stem cell shot regrew my disc, best money I ever spent!", "comment")
    news = [Block("Regulators warn about clinics selling stem cell shots.", "paragraph"), comment]
    result = classifier.classify_blocks(news)
    assert not result.markets_stem_cells
    assert not result.flagged
    selling = [Block("We offer stem cell injections for back pain.", "paragraph"), comment]
    claims = classifier.classify_blocks(selling).claims
    assert next(claim for claim in claims if claim.text == comment.text).violations


def test_a_card_grid_claims_only_on_a_page_that_sells(classifier):
    heading = "Stem cell treatment for arthritis: what the evidence says"
    blocks = [Block(heading, "heading")]
    for title in ["Knee osteoarthritis", "Multiple sclerosis", "COPD"]:  # an article's sections
        blocks += [Block(title, "heading", heading), Block("Trials are small.", "paragraph", title)]
    assert not classifier.classify_blocks(blocks).flagged


def test_a_warning_list_is_not_broad_indication(classifier):
    heading = "Warning signs of an unproven stem cell clinic"
    items = [
        "The clinic says it treats back pain, multiple sclerosis and autism.",
        "The ad promises stem cells cure diabetes and COPD.",
    ]
    blocks = [Block(item, "list_item", heading, list_id=1) for item in items]
    assert not classifier.classify_blocks(blocks).flagged


@pytest.mark.parametrize(
    "text",
    [
        "",
        " " * 100,
        "\x00\x01\x02 binary \xff\xfe garbage " * 1000,
        "Las células madre regeneran los discos. 干细胞治疗 背痛。",
        "stem cells regrow discs " * 50_000,
    ],
)
def test_bad_input_never_crashes(classifier, text):
    result = classifier.classify_text(text)
    assert isinstance(result.claims, list)


def test_words_of_past_pages_leave_the_vocabularies_so_a_long_crawl_stays_flat(classifier):
    classifier.classify_text("Stem cell injections for back pain, guaranteed relief.")
    sizes = []
    for page in range(3 * ZONE_DOCUMENTS):
        unseen = " ".join(f"zqx{page}w{word}" for word in range(20))
        classifier.classify_text(f"Our stem cell therapy heals back pain. {unseen}.")
        sizes.append(len(classifier.nlp.vocab.strings) + len(classifier.model.vocab.strings))
    new_words = 3 * ZONE_DOCUMENTS * 20
    assert max(sizes) - min(sizes) < new_words / 2  # bounded by one zone's words, not the crawl's


def test_a_block_reads_the_same_whatever_block_came_before_it(classifier):
    """Blocks are analysed together and remembered one by one: no cue may leak between them."""
    claim = "Our stem cell therapy cures arthritis."
    alone = BlockAnalyzer(classifier.nlp).analyse([claim])[0]
    after_a_lead_in = BlockAnalyzer(classifier.nlp).analyse(["Some clinics promise:", claim])[1]
    assert after_a_lead_in == alone
    assert "efficacy_claim" in alone[0].fired


def _violations_of(result, text):
    return next(claim for claim in result.claims if claim.text == text).violations


def _violations_under(classifier, heading, sentence):
    """The sentence's violations as the one paragraph under `heading` on a page."""
    page = [Block(heading, "heading"), Block(sentence, "paragraph")]
    return _violations_of(classifier.classify_blocks(page), sentence)


def _violations_on_a_selling_page(classifier, sentence):
    """The sentence's violations after "We offer stem cell injections for back pain."."""
    return _claim_on_a_selling_page(classifier, sentence).violations


def _claim_on_a_selling_page(classifier, sentence):
    page = [Block("We offer stem cell injections for back pain.", "paragraph"), Block(sentence)]
    return next(c for c in classifier.classify_blocks(page).claims if c.text == sentence)


HEDGED_CLAIM = (
    "For many patients with sciatica, stem cell therapy may help repair the damaged disc that "
    "presses on the nerve."
)


def test_a_hedged_claim_stands_on_a_page_that_never_reports_studies_or_explains(classifier):
    page = [
        Block("Stem cell therapy for sciatica", "heading"),
        Block("Sciatica can make sitting and walking painful.", "paragraph"),
        Block(HEDGED_CLAIM, "paragraph"),
    ]
    assert _violations_of(classifier.classify_blocks(page), HEDGED_CLAIM)


@pytest.mark.parametrize(
    "document",
    [
        [Block("Stem cells could one day regrow discs.")],  # one sentence has no page to ask
        [
            Block("Stem cell therapy for sciatica", "heading"),
            Block("Stem cells could one day regrow discs.", "paragraph"),
            Block("Sciatica can make sitting and walking painful.", "paragraph"),
        ],
    ],
)
def test_a_hope_for_the_future_is_speculation_in_any_voice(classifier, document):
    result = classifier.classify_blocks(document)
    assert not _violations_of(result, "Stem cells could one day regrow discs.")


def test_the_same_hedge_is_speculation_on_a_page_that_reports_research(classifier):
    hedge = "Stem cell therapy may help repair the damaged disc that presses on the nerve."
    page = [
        Block("A new study followed 40 patients with sciatica for two years.", "paragraph"),
        Block("The researchers said the results were mixed.", "paragraph"),
        Block(hedge, "paragraph"),
    ]
    assert not _violations_of(classifier.classify_blocks(page), hedge)


@pytest.mark.parametrize(
    "sentence",
    [
        "Although stem cell injections are not FDA approved, they can regrow your discs.",
        "When rest and physical therapy have not worked, our stem cell injections can heal a "
        "herniated disc.",
        "But when nothing else has helped, our stem cell injections can heal a herniated disc.",
    ],
)
def test_a_negation_in_a_clause_set_before_the_sentence_ends_at_its_comma(classifier, sentence):
    assert "efficacy_claim" in _violations_on_a_selling_page(classifier, sentence)


@pytest.mark.parametrize(
    "sentence",
    [
        "Although they are popular, stem cells do not regrow discs.",
        # "no evidence that" denies its whole complement, list commas and all
        "While there is no evidence that stem cells, PRP, or exosomes regrow discs, many "
        "patients try them.",
    ],
)
def test_a_negation_of_the_main_clause_still_denies_it(classifier, sentence):
    assert not _violations_on_a_selling_page(classifier, sentence)


def test_what_a_presenter_told_the_crowd_is_reported(classifier):
    sentence = (
        "At the seminar, the presenter told the crowd that the injections would regrow the "
        "cushion between your vertebrae."
    )
    page = [Block("Inside a stem cell seminar", "heading"), Block(sentence, "paragraph")]
    claim = next(c for c in classifier.classify_blocks(page).claims if c.text == sentence)
    assert not claim.violations
    assert claim.suppressed["sentence"] == "told-someone"  # the evidence says why


def test_brand_new_tissue_is_no_branding(classifier):
    sentence = "Once injected, they lay down brand-new tissue in the worn disc."
    page = [
        Block("Our stem cell injections treat degenerative discs.", "paragraph"),
        Block(sentence),
    ]
    assert "efficacy_claim" in _violations_of(classifier.classify_blocks(page), sentence)


def test_an_ad_quoted_with_a_caption_of_its_own_is_reported_and_sells_nothing(classifier):
    quotation = "Our stem cells are FDA approved and 100% safe."
    page = [
        Block("Inside a stem cell seminar", "heading"),
        Block("Patients paid up to $15,000 in cash for the injections.", "paragraph"),
        Block(quotation, "quote"),
        Block("Facebook advertisement for the clinic, March 2024", "paragraph"),
    ]
    result = classifier.classify_blocks(page)
    assert not _violations_of(result, quotation)
    assert not result.markets_stem_cells


@pytest.mark.parametrize(
    "sentence",
    [
        "Prolotherapy uses a dextrose solution to stimulate a healing response in lax ligaments.",
        "Functional medicine looks for the root cause of chronic illness instead of chasing "
        "symptoms.",
        "Chiropractic adjustments can restore motion and relieve back pain naturally.",
        "Our spine surgeons report a 94% success rate for minimally invasive lumbar fusion.",
        "Nine in ten patients report lasting relief of leg pain after microdiscectomy.",
        "Proven options for neck pain, such as physical therapy and daily exercise, help most "
        "people recover.",
    ],
)
def test_a_sentence_about_another_treatment_claims_nothing_for_stem_cells(classifier, sentence):
    assert not _violations_on_a_selling_page(classifier, sentence)


@pytest.mark.parametrize(
    "sentence",
    [
        "Our injections help you avoid spinal fusion and heal your discs.",
        "Cortisone shots wear off in weeks; the cells we inject keep repairing your disc for "
        "years.",
        "Physical therapy after your injection helps the new cells regenerate the damaged disc.",
        "After physical therapy failed, 90% of our patients found lasting relief with us.",
        "Our treatment has a 90% success rate, even for patients who had a failed fusion.",
    ],
)
def test_a_sentence_that_comes_back_to_the_offered_treatment_still_claims(classifier, sentence):
    assert "efficacy_claim" in _violations_on_a_selling_page(classifier, sentence)


def test_a_practice_named_for_regenerative_medicine_in_its_header_sells_nothing_by_it(
    classifier,
):
    page = [
        Block("Services | Lakeside Spine & Regenerative Medicine", "title"),
        Block("Lakeside Spine & Regenerative Medicine", "paragraph"),
        Block("Conditions we treat", "heading"),
        Block("Herniated discs and sciatica", "list_item", "Conditions we treat"),
        Block("Spinal stenosis", "list_item", "Conditions we treat"),
    ]
    result = classifier.classify_blocks(page)
    assert not result.markets_stem_cells
    assert not result.flagged


@pytest.mark.parametrize(
    "heading", ["What Is Regenerative Medicine", "Benefits of Regenerative Medicine"]
)
def test_a_heading_on_regenerative_medicine_is_no_practice_name(classifier, heading):
    page = [
        Block(heading, "heading"),
        Block("Our injections repair damaged discs without surgery.", "paragraph", heading),
        Block("Book your consultation today.", "paragraph", heading),
    ]
    assert classifier.classify_blocks(page).markets_stem_cells


def test_a_call_to_action_after_a_testimonial_credits_no_ad(classifier):
    quotation = "Stem cell therapy healed my herniated disc in three weeks!"
    page = [
        Block("Patient stories", "heading"),
        Block(quotation, "quote", "Patient stories"),
        Block("Request a free brochure", "paragraph", "Patient stories"),
    ]
    assert "efficacy_claim" in _violations_of(classifier.classify_blocks(page), quotation)


def test_links_set_apart_by_middle_dots_are_read_one_by_one(classifier):
    links = (
        "Inside a stem cell seminar \u00b7 Reader mailbag \u00b7 The clinic that cured "
        "everything (retracted)"
    )
    page = [
        Block("A newsletter about the business of stem cell clinics.", "paragraph"),
        Block(links, "paragraph"),
    ]
    result = classifier.classify_blocks(page)
    cured = next(claim for claim in result.claims if "cured" in claim.text)
    assert cured.text == "The clinic that cured everything (retracted)"
    assert "Inside a stem cell seminar" in {claim.text for claim in result.claims}  # no dot
    assert not result.markets_stem_cells  # a post's title names no stem cells it sells


PRODUCT_PAGE = [
    Block("ExoPure 20B", "heading"),
    Block("$595.00", "paragraph", "ExoPure 20B"),
    Block("For research use only.", "paragraph", "ExoPure 20B"),
    Block(
        "Vesicles purified from umbilical cord mesenchymal stem cells, 20 billion per vial.",
        "paragraph",
        "ExoPure 20B",
    ),
    Block("Add to cart", "paragraph", "ExoPure 20B"),
    Block("Minimally manipulated and exempt from premarket approval", "list_item", "ExoPure 20B"),
]


def test_a_product_page_with_a_price_and_a_buy_button_sells_what_it_names(classifier):
    result = classifier.classify_blocks(PRODUCT_PAGE)
    assert result.markets_stem_cells
    exempt = "Minimally manipulated and exempt from premarket approval"
    assert "regulatory_exempt" in _violations_of(result, exempt)


def test_a_price_alone_is_no_shop(classifier):
    page = [block for block in PRODUCT_PAGE if block.text != "Add to cart"]
    assert not classifier.classify_blocks(page).markets_stem_cells


def test_a_book_about_stem_cells_with_a_buy_button_sells_no_stem_cells(classifier):
    title = "The Stem Cell Hype: What Patients Need to Know"
    page = [
        Block(title, "heading"),
        Block("$24.99", "paragraph", title),
        Block("Buy now", "paragraph", title),
        Block("Stem cells could one day regrow worn discs, but not yet.", "paragraph", title),
    ]
    assert not classifier.classify_blocks(page).markets_stem_cells


@pytest.mark.parametrize(
    ("sentence", "label"),
    [
        (
            "Our cells are allogeneic, not autologous, and carry no risk of rejection.",
            "safety_claim",
        ),
        (
            "The cells we use are multipotent, not pluripotent, resulting in little to no risk.",
            "safety_claim",
        ),
    ],
)
def test_a_not_set_off_by_commas_denies_only_the_word_it_contrasts(classifier, sentence, label):
    assert label in _violations_on_a_selling_page(classifier, sentence)


def test_a_not_before_the_verb_still_denies_past_a_parenthetical(classifier):
    sentence = "Stem cells do not, in our experience, regrow discs."  # no comma before "not"
    assert not _violations_on_a_selling_page(classifier, sentence)


@pytest.mark.parametrize(
    ("sentence", "label"),
    [
        ("Many published studies show the effectiveness of our injections.", "efficacy_claim"),
        ("Dozens of clinical studies speak of their safety.", "safety_claim"),
        (
            "Stem cell injections are appropriate for moderate knee osteoarthritis.",
            "treatment_claim",
        ),
    ],
)
def test_a_seller_citing_evidence_in_general_claims_what_it_cites(classifier, sentence, label):
    assert label in _violations_on_a_selling_page(classifier, sentence)


def test_evidence_that_does_not_yet_show_effectiveness_claims_nothing(classifier):
    sentence = "The data do not yet show the effectiveness of these injections."
    assert "efficacy_claim" not in _violations_on_a_selling_page(classifier, sentence)


@pytest.mark.parametrize(
    "sentence", ["Visit us at 1271 Elm Street, Suite 4.", "Call 555-867-1271 to book."]
)
def test_the_number_1271_alone_is_an_address_not_the_tissue_regulation(classifier, sentence):
    assert not _violations_on_a_selling_page(classifier, sentence)


def test_part_1271_is_still_the_tissue_regulation(classifier):
    sentence = "Our cells are processed under 21 CFR 1271 and need no FDA approval."
    assert "regulatory_exempt" in _violations_on_a_selling_page(classifier, sentence)


def test_the_us_food_and_drug_administration_is_one_sentence(classifier):
    sentence = (
        "Stem cell therapy is not approved by the U.S. Food and Drug Administration for the "
        "treatment of back pain."
    )
    assert not _violations_on_a_selling_page(classifier, sentence)  # one sentence, negation and all


def test_an_approval_for_another_use_is_no_approval_claim(classifier):
    sentence = (
        "Certain amniotic products have been approved by the U.S. Food and Drug Administration "
        "for wound care, but not for pain management."
    )
    assert not classifier.violation_labels(sentence)


def test_platelets_under_a_regenerative_medicine_heading_sell_no_stem_cells(classifier):
    heading = "Regenerative Medicine at Lakeshore"
    page = [
        Block(heading, "heading"),
        Block(
            "We do not offer stem cell injections or umbilical cord products.", "paragraph", heading
        ),
        Block(
            "Platelet-rich plasma (PRP) uses your own platelets to support healing of irritated "
            "tendons and joints.",
            "paragraph",
            heading,
        ),
    ]
    assert not classifier.classify_blocks(page).markets_stem_cells


def test_spinal_fusion_healing_into_one_bone_is_no_stem_cell_claim(classifier):
    sentence = (
        "Spinal fusion joins two or more vertebrae with bone graft and hardware so they heal "
        "into a single bone."
    )
    assert not _violations_on_a_selling_page(classifier, sentence)


def test_a_sub_heading_naming_a_body_part_is_no_condition_treated(classifier):
    title = "The Ultimate Guide to Stem Cell Therapy in Colorado"
    page = [
        Block(title, "heading"),
        Block("We offer stem cell therapy for back pain.", "paragraph", title),
    ]
    for heading in ["Sleep and your spine", "Desk posture and your lower back", "Lower Back Pain"]:
        page += [Block(heading, "heading", title), Block("Some tips follow.", "paragraph", heading)]
    result = classifier.classify_blocks(page)
    assert not _violations_of(result, "Sleep and your spine")
    assert not _violations_of(result, "Desk posture and your lower back")
    assert "treatment_claim" in _violations_of(result, "Lower Back Pain")  # a condition still is


def test_a_treatment_patients_can_get_at_our_office_is_offered(classifier):
    page = [
        Block("Phoenix", "heading"),
        Block(
            "Patients can now get same-day stem cell injections at our Camelback Road office.",
            "paragraph",
            "Phoenix",
        ),
        Block("A 2021 study followed 40 patients with sciatica.", "paragraph", "Phoenix"),
    ]
    assert classifier.classify_blocks(page).markets_stem_cells


@pytest.mark.parametrize(
    "sentence",
    [
        "Stem cell injections, sadly, never regrow discs, repair nerves, or cure back pain.",
        "Unfortunately, not every patient will heal faster, avoid surgery, or regain mobility.",
        "Stem cell injections are investigational, not proven safe, effective or FDA approved.",
    ],
)
def test_a_denial_after_a_comma_still_denies_its_list(classifier, sentence):
    heading = "Stem cells and back pain"
    page = [
        Block(heading, "heading"),
        Block(sentence, "paragraph", heading),
        Block("Ask your doctor before any injection.", "paragraph", heading),
    ]
    result = classifier.classify_blocks(page)
    assert not _violations_of(result, sentence)
    assert not result.markets_stem_cells


@pytest.mark.parametrize(
    "sentence",
    [
        "Studies fail to show the effectiveness of stem cell injections for back pain.",
        "We believe more research is needed to show the benefits of our stem cell injections.",
        "Long-term data are lacking to support the safety of these injections.",
        "Research shows the benefits are modest and fade within a year.",
        "Studies show the safety risks of stem cell injections are real.",
        "Studies show the effectiveness of physical therapy for back pain.",
    ],
)
def test_evidence_denied_hedged_or_of_something_else_claims_nothing(classifier, sentence):
    violations = _violations_on_a_selling_page(classifier, sentence)
    assert "efficacy_claim" not in violations
    assert "safety_claim" not in violations


@pytest.mark.parametrize(
    "sentence",
    [
        "Our stem cell injections are FDA approved and safe, but not for everyone.",
        "Our stem cell product is FDA approved, but not for sale in stores.",
    ],
)
def test_a_but_not_for_that_names_no_other_use_disclaims_nothing(classifier, sentence):
    assert "approval_claim" in _violations_on_a_selling_page(classifier, sentence)


def test_you_can_now_get_on_a_critics_page_sells_nothing(classifier):
    heading = "Stem cells and back pain"
    sentence = (
        "You can now get stem cell injections at strip-mall clinics, but there is little "
        "evidence they work."
    )
    page = [Block(heading, "heading"), Block(sentence, "paragraph", heading)]
    assert not classifier.classify_blocks(page).markets_stem_cells


@pytest.mark.parametrize(
    ("text", "sentences"),
    [
        ("Cord cells are not FDA approved in the U.S. Federal rules send patients abroad.", 2),
        ("Patients come from across the U.S. Air travel to our clinic is easy.", 2),
        ("It is not approved by the U.S. Food and Drug Administration for back pain.", 1),
    ],
)
def test_us_ends_a_sentence_unless_an_institution_follows(classifier, text, sentences):
    (read,) = classifier.analyzer.analyse([text])
    assert len(read) == sentences


def test_card_titles_naming_a_back_condition_still_claim(classifier):
    heading = "Conditions We Treat"
    page = [Block("We offer stem cell therapy.", "paragraph"), Block(heading, "heading")]
    for title in ["Failed Spine Surgery", "Cervical Spine Injuries", "Lower Back"]:
        page += [Block(title, "heading", heading), Block("Learn more.", "paragraph", title)]
    result = classifier.classify_blocks(page)
    for title in ["Failed Spine Surgery", "Cervical Spine Injuries", "Lower Back"]:
        assert "treatment_claim" in _violations_of(result, title)


def test_prp_added_to_the_offered_injection_still_sells(classifier):
    heading = "Stem Cell Therapy"
    page = [
        Block(heading, "heading"),
        Block("Stem cells can become many types of tissue.", "paragraph", heading),
        Block(
            "We add PRP to every injection to speed healing and relieve back pain.",
            "paragraph",
            heading,
        ),
    ]
    assert classifier.classify_blocks(page).markets_stem_cells


def test_a_page_in_its_own_voice_offers_the_treatment_it_names_for_a_condition(classifier):
    sentence = "Stem cell therapy for back pain in Tulsa."
    page = [
        Block("Prairie Spine Center", "heading"),
        Block(sentence, "paragraph", "Prairie Spine Center"),
        Block("Open Monday to Friday, 8 to 5.", "paragraph", "Prairie Spine Center"),
    ]
    assert "treatment_claim" in _violations_of(classifier.classify_blocks(page), sentence)


def test_a_page_that_reports_names_the_treatment_without_offering_it(classifier):
    sentence = "Stem cell therapy for back pain: what the evidence says."
    page = [
        Block(sentence, "heading"),
        Block("Critics say the clinics promise too much.", "paragraph", sentence),
    ]
    assert not _violations_of(classifier.classify_blocks(page), sentence)


def test_mixed_results_describe_research_on_a_page_in_its_own_voice(classifier):
    sentence = "Small studies of stem cells for disc pain have reported mixed results so far."
    heading = "What the research says"
    page = [Block(heading, "heading"), Block(sentence, "paragraph", heading)]
    assert not _violations_of(classifier.classify_blocks(page), sentence)


HOSPITAL_PAGE = [
    Block("Blood and Marrow Transplant Program", "heading"),
    Block(
        "We perform autologous stem cell transplants for patients with myeloma and lymphoma.",
        "paragraph",
        "Blood and Marrow Transplant Program",
    ),
    Block("Spine care: we treat back pain, herniated discs and spinal stenosis.", "paragraph"),
]


def test_a_hospitals_transplants_for_blood_cancers_sell_no_stem_cell_therapy(classifier):
    result = classifier.classify_blocks(HOSPITAL_PAGE)
    assert not result.markets_stem_cells
    assert not [claim.violations for claim in result.claims if claim.violations]


@pytest.mark.parametrize(
    "sentence",
    [
        "We offer stem cell therapy for leukemia, back pain and arthritis.",
        "Our stem cell transplants treat lymphoma and sciatica.",
    ],
)
def test_a_transplant_also_offered_for_back_pain_is_stem_cell_therapy(classifier, sentence):
    result = classifier.classify_blocks([Block(sentence), Block("Call us today.")])
    assert result.markets_stem_cells
    assert "treatment_claim" in _violations_of(result, sentence)


@pytest.mark.parametrize(
    ("sentence", "label"),
    [
        (
            "Patients who have not found relief elsewhere often see their disc pain disappear "
            "after our stem cell injections.",
            "efficacy_claim",
        ),
        (
            "For patients who do not want surgery, stem cell therapy offers lasting relief from "
            "back pain.",
            "efficacy_claim",
        ),
        (
            "Unlike steroids, which do not heal anything, stem cells repair the disc.",
            "efficacy_claim",
        ),
    ],
)
def test_a_negation_in_a_who_or_which_clause_ends_with_the_clause(classifier, sentence, label):
    assert label in _violations_on_a_selling_page(classifier, sentence)


@pytest.mark.parametrize(
    "sentence",
    [
        "Patients who do not regrow cartilage are refunded.",
        "Our stem cells, which cannot repair a disc, are not a cure.",
    ],
)
def test_a_negation_in_a_relative_clause_still_denies_its_own_words(classifier, sentence):
    assert "efficacy_claim" not in _violations_on_a_selling_page(classifier, sentence)


def test_a_condition_in_the_opening_clause_is_the_one_the_treatment_is_for(classifier):
    sentence = (
        "When back pain keeps you from the things you love and nothing else has worked for "
        "months, our stem cell injections can help."
    )
    assert "treatment_claim" in _violations_on_a_selling_page(classifier, sentence)


@pytest.mark.parametrize(
    "sentence",
    [
        "FDA Regulation of Stem Cell Clinics: What Providers Need to Know",
        "More than minimal manipulation brings with it strict FDA regulations and clinical trials.",
    ],
)
def test_fda_rules_named_as_a_topic_are_no_approval_claim(classifier, sentence):
    assert "approval_claim" not in classifier.violation_labels(sentence)


@pytest.mark.parametrize(
    "sentence",
    [
        "We follow strict FDA guidelines for every stem cell injection.",
        "Our stem cell lab meets FDA standards.",
        "Our stem cells are FDA-grade.",
        "All our tissue is processed per FDA guidelines.",
        "Our cord tissue is screened and processed under FDA guidelines.",
    ],
)
def test_following_fda_rules_is_an_approval_claim(classifier, sentence):
    assert "approval_claim" in classifier.violation_labels(sentence)


def test_a_disclaimed_approval_names_what_it_is_for_without_offering_it(classifier):
    sentence = "No stem cell product has been approved by the FDA to treat back pain."
    assert not _violations_under(classifier, "Inside the seminar circuit", sentence)


@pytest.mark.parametrize(
    "sentence",
    [
        "The receptionist assured me the injection was “exempt from the FDA because it\u2019s your "
        "own cells.”",
        "We should delete the line saying stem cells can help with sciatica, since its source is "
        "a clinic flyer.",
    ],
)
def test_a_staff_members_words_or_a_quoted_line_are_reported(classifier, sentence):
    assert not _violations_under(classifier, "What the clinics told me", sentence)


@pytest.mark.parametrize(
    "sentence",
    [
        "Cord blood stem cells are FDA-approved for transplants that treat blood cancers such as "
        "leukemia.",
        "Approved uses include lymphoma, sickle cell disease and thalassemia.",
        "Cord blood is used in transplants for more than 80 diseases, most of them cancers and "
        "disorders of the blood.",
    ],
)
def test_the_approved_use_for_blood_disorders_is_no_claim(classifier, sentence):
    assert not _violations_under(classifier, "Why bank your baby's cord blood", sentence)


def test_an_approval_for_blood_disorders_and_back_pain_is_still_a_claim(classifier):
    sentence = "Our stem cells are FDA approved for leukemia and back pain."
    assert "approval_claim" in _violations_on_a_selling_page(classifier, sentence)


@pytest.mark.parametrize(
    ("sentence", "label"),
    [
        (
            "Because nothing is changed in the lab, the procedure falls outside the drug rules "
            "that apply in the United States.",
            "regulatory_exempt",
        ),
        (
            "State law lets our doctors offer stem cell therapy, so you can be treated without "
            "joining a trial.",
            "regulatory_exempt",
        ),
        (
            "Our patients do not need to enroll in a clinical trial to receive their injection.",
            "regulatory_exempt",
        ),
        ("The injected cells start building new, healthy disc tissue.", "efficacy_claim"),
        (
            "Patients fly in from abroad because our cell therapy heals bulging discs that other "
            "doctors said needed surgery.",
            "efficacy_claim",
        ),
        (
            "Adverse reactions are essentially unheard of with our stem cell injections.",
            "safety_claim",
        ),
        ("The FDA has no say over our cord tissue injections.", "regulatory_exempt"),
        (
            "You do not need a prescription or FDA authorization to order our exosome kits.",
            "regulatory_exempt",
        ),
        ("Sciatica Relief With Stem Cells", "treatment_claim"),
        (
            "Cord tissue stem cells have been used successfully for sciatica and stenosis.",
            "treatment_claim",
        ),
        (
            "From our Bahamas facility we offer expanded stem cells outside the jurisdiction of "
            "the U.S. FDA.",
            "regulatory_exempt",
        ),
        (
            "We are one of the few clinics in Ohio licensed to provide umbilical cord stem cell "
            "therapy.",
            "approval_claim",
        ),
        ("Our regenerative injections are Medicare-approved.", "approval_claim"),
        (
            "Our protocol is endorsed by the North American Society for Spine Care.",
            "approval_claim",
        ),
        (
            "In Panama we are free to use expanded cord cells that the FDA does not allow in "
            "American clinics.",
            "regulatory_exempt",
        ),
        ("The stem cell injection took away my sciatica for good.", "efficacy_claim"),
        (
            "Here in Nassau there are no regulatory barriers to using cultured stem cells.",
            "regulatory_exempt",
        ),
        (
            "Her SI joint pain resolved completely after a single 2cc vial.",
            "efficacy_claim",
        ),
    ],
)
def test_claims_that_site_reviews_and_new_sentence_sets_found_missed(classifier, sentence, label):
    assert label in _violations_on_a_selling_page(classifier, sentence)


def test_a_title_separator_after_a_question_mark_leaves_it_a_question(classifier):
    assert not _violations_on_a_selling_page(
        classifier, "Can stem cells help your aching back? \u2013"
    )


def test_a_regulatory_status_a_seller_puts_in_the_fdas_mouth_is_its_claim(classifier):
    sentence = "The FDA has ruled that our umbilical tissue is a homologous 361 product."
    assert "regulatory_exempt" in _violations_on_a_selling_page(classifier, sentence)


def test_a_regulatory_status_the_fda_is_reported_to_give_elsewhere_is_reported(classifier):
    sentence = "The FDA has ruled that umbilical tissue is a homologous 361 product, a lawyer said."
    assert not _violations_under(classifier, "How clinics are regulated", sentence)


def test_a_surgical_procedures_sentence_claims_nothing_for_stem_cells(classifier):
    sentence = "The only surgical procedure that repairs a ruptured disc is a discectomy."
    assert not _violations_on_a_selling_page(classifier, sentence)


def test_hope_for_a_future_the_research_paves_the_way_to_is_speculation(classifier):
    sentence = (
        "Ongoing trials are paving the way for a future where people with sciatica may find "
        "relief in regenerative medicine."
    )
    assert not _violations_under(classifier, "Regenerative medicine for sciatica", sentence)


def test_cells_given_according_to_a_protocol_are_no_reported_words(classifier):
    sentence = (
        "Your stem cells are injected according to our strict treatment protocol to relieve "
        "sciatica and arthritis."
    )
    assert "treatment_claim" in _violations_on_a_selling_page(classifier, sentence)


def test_a_claim_according_to_someone_is_still_reported(classifier):
    sentence = "Stem cells regrow discs, according to a doctor interviewed for this story."
    assert not _violations_under(classifier, "Clinics under scrutiny", sentence)


@pytest.mark.parametrize(
    "sentence",
    [
        "The FDA regulates these tissues to prevent the transmission of communicable disease.",
        "Your own stem cells are the most potent healing cells in your body.",
    ],
)
def test_preventing_disease_transmission_or_naming_healing_cells_claims_no_effect(
    classifier, sentence
):
    assert "efficacy_claim" not in _violations_on_a_selling_page(classifier, sentence)


def test_regenerative_cells_that_repair_a_disc_still_claim_an_effect(classifier):
    sentence = "We inject regenerative cells that repair your disc."
    assert "efficacy_claim" in _violations_on_a_selling_page(classifier, sentence)


def test_a_disclaimed_approval_leaves_the_treatment_its_main_clause_offers(classifier):
    sentence = (
        "Although they are not FDA approved to treat arthritis, our stem cell injections "
        "relieve sciatica."
    )
    assert "treatment_claim" in _violations_on_a_selling_page(classifier, sentence)


def test_a_negation_in_a_relative_clause_set_off_by_commas_ends_at_its_comma(classifier):
    sentence = (
        "Stem cells, which have never been shown in a controlled study to cure arthritis, are "
        "sold in strip malls."
    )
    assert not _violations_under(classifier, "Buyer beware", sentence)


def test_a_negation_in_an_opening_clause_does_not_reach_the_main_clause(classifier):
    sentence = (
        "If your sciatica is not easing with rest or physical therapy, our stem cell injections "
        "relieve it."
    )
    assert "treatment_claim" in _violations_on_a_selling_page(classifier, sentence)


def test_a_condition_in_an_opening_clause_is_not_treated_past_a_semicolon(classifier):
    sentence = (
        "If your sciatica has lasted for months, see your doctor; our stem cell injections help "
        "athletes recover."
    )
    assert "treatment_claim" not in _violations_on_a_selling_page(classifier, sentence)


def test_a_patient_who_says_the_promise_came_true_makes_it_their_claim(classifier):
    sentence = "The clinic assured me the stem cells would regrow my disc, and it was true."
    assert "efficacy_claim" in _violations_on_a_selling_page(classifier, sentence)


@pytest.mark.parametrize(
    "sentence",
    [
        "Right-to-try laws let patients get experimental drugs without joining a trial.",
        "Compounded drugs are made outside the FDA drug approval process.",
    ],
)
def test_skipping_a_trial_or_the_drug_rules_claims_nothing_where_nothing_is_offered(
    classifier, sentence
):
    assert not _violations_under(classifier, "What the law allows", sentence)


@pytest.mark.parametrize(
    "sentence",
    [
        "Our mesenchymal stem cells are FDA approved for blood disorders.",
        "Our Wharton\u2019s jelly cells are approved to treat leukemia and lymphoma.",
    ],
)
def test_cells_no_transplant_uses_have_no_approved_use(classifier, sentence):
    assert _violations_on_a_selling_page(classifier, sentence)


def test_a_sentence_about_exercise_claims_nothing_for_stem_cells(classifier):
    sentence = "Regular exercise helps your body build new, healthy bone."
    assert not _violations_on_a_selling_page(classifier, sentence)


@pytest.mark.parametrize(
    "sentence",
    [
        "Our cellular injections help with sciatica and degenerative discs.",
        "Cellular protocols for sciatica and spinal stenosis start at $4,900.",
    ],
)
def test_cellular_injections_and_protocols_are_stem_cell_therapy(classifier, sentence):
    labels = {
        label for claim in classifier.classify_text(sentence).claims for label in claim.labels
    }
    assert "stem_cell_therapy" in labels


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("Meridian Spine Regeneration logo", "alt"),
        ("Welcome to Meridian Spine Regeneration, where patients come first.", "paragraph"),
        ("Dr. Ruiz of Meridian Spine Regeneration", "alt"),
    ],
)
def test_a_clinics_name_ending_in_an_outcome_noun_promises_nothing(classifier, text, kind):
    page = [Block("We offer stem cell injections for back pain.", "paragraph"), Block(text, kind)]
    assert "efficacy_claim" not in _violations_of(classifier.classify_blocks(page), text)


@pytest.mark.parametrize(
    "text",
    [
        "Spine Regeneration Is Possible",
        "Patients See Disc Repair",
        "Total Disc Repair",
        "Same-Day Disc Regeneration",
        "Biologic Spine Restoration",
        "Our injections deliver Dramatic Disc Regeneration.",
    ],
)
def test_an_outcome_headline_is_no_name(classifier, text):
    page = [
        Block("We offer stem cell injections for back pain.", "paragraph"),
        Block(text, "heading"),
    ]
    assert "efficacy_claim" in _violations_of(classifier.classify_blocks(page), text)


def test_a_posts_tags_are_no_claims(classifier):
    tags = "#stem cells #no surgery #back pain #miracle cure"
    assert not _violations_on_a_selling_page(classifier, tags)


@pytest.mark.parametrize(
    ("sentence", "label"),
    [
        ("Any injection can cause infection, bleeding or nerve damage.", "safety_claim"),
        (
            "The evidence does not show that injected cells reliably rebuild disc tissue.",
            "efficacy_claim",
        ),
    ],
)
def test_warnings_of_risk_and_evidence_that_shows_nothing_claim_nothing(
    classifier, sentence, label
):
    assert label not in _violations_on_a_selling_page(classifier, sentence)


@pytest.mark.parametrize(
    "sentence",
    [
        "Our Boise clinic offers exosome infusions for lumbar pain.",
        "Our San Antonio center provides stem cell injections for sciatica.",
    ],
)
def test_a_seller_naming_its_own_clinic_by_place_offers_the_treatment(classifier, sentence):
    assert "treatment_claim" in classifier.violation_labels(sentence)


def test_clinics_a_seller_reports_on_claim_nothing_of_its_own(classifier):
    sentence = "Our research shows that many clinics offer stem cells for sciatica."
    assert not classifier.violation_labels(sentence)


@pytest.mark.parametrize(
    "sentence",
    [
        "We will never tell you that an injection can regrow a disc.",
        "There is limited high-quality evidence that these injections help neck pain.",
        "These injections are experimental for disc disease, and the evidence for their benefit "
        "remains weak.",
    ],
)
def test_a_denied_promise_or_thin_evidence_claims_nothing_even_where_it_is_sold(
    classifier, sentence
):
    assert not _violations_on_a_selling_page(classifier, sentence)


@pytest.mark.parametrize(
    "sentence",
    [
        "In this phase 2 trial, intradiscal MSC injection was safe in patients with chronic low "
        "back pain.",
    ],
)
def test_a_trial_or_published_research_claims_nothing(classifier, sentence):
    assert not classifier.violation_labels(sentence)


def test_a_claim_the_evidence_is_said_to_support_still_stands(classifier):
    sentence = "Our stem cells relieve sciatica, and the evidence for this is strong."
    assert "treatment_claim" in _violations_on_a_selling_page(classifier, sentence)


def test_a_success_rate_of_minimally_invasive_fusion_is_no_stem_cell_claim(classifier):
    sentence = "Minimally invasive lumbar fusion has a success rate of over 90%."
    assert not _violations_on_a_selling_page(classifier, sentence)


def test_published_research_on_the_cells_claims_nothing_where_they_are_sold(classifier):
    sentence = (
        "Dr. Patel has published research on these cells in autism, lupus and spinal cord injury."
    )
    assert not _violations_on_a_selling_page(classifier, sentence)


@pytest.mark.parametrize(
    "sentence",
    [
        "To qualify, a tissue product must be minimally manipulated and intended for homologous "
        "use.",
        "Injecting amniotic membrane into a herniated disc to relieve sciatica is generally not a "
        "homologous use.",
        "Back pain and arthritis were the most commonly advertised uses, followed by neurological, "
        "autoimmune and lung diseases.",
        "Mean pain scores fell by half at one year, and no serious adverse events occurred.",
    ],
)
def test_rules_explained_uses_disallowed_ads_surveyed_and_trial_results_claim_nothing(
    classifier, sentence
):
    assert not _violations_under(classifier, "Stem cell clinics and the law", sentence)


def test_a_use_said_to_be_allowed_still_claims(classifier):
    sentence = "Our amniotic injections relieve sciatica, and using them is perfectly legal."
    assert "treatment_claim" in _violations_on_a_selling_page(classifier, sentence)


@pytest.mark.parametrize(
    "sentence",
    [
        "Ask your doctor whether the injection is FDA approved before you pay for it.",
        "Patients with active cancer or an infection are not candidates for stem cell injections.",
    ],
)
def test_advice_to_ask_and_who_is_turned_away_claim_nothing(classifier, sentence):
    assert not _violations_on_a_selling_page(classifier, sentence)


def test_a_guides_what_to_know_topic_offers_nothing(classifier):
    topic = "What you should know about stem cell injections for sciatica."
    assert not _violations_on_a_selling_page(classifier, topic)


@pytest.mark.parametrize(
    "sentence",
    [
        "Platelet-rich plasma is not a stem cell treatment, and we are honest about what it can "
        "do.",
        "We use cookies to give you the best experience on our site.",
    ],
)
def test_saying_what_a_treatment_is_not_or_a_cookie_notice_sells_no_stem_cells(
    classifier, sentence
):
    heading = "Stem cell injections for back pain"
    page = [Block(heading, "heading"), Block(sentence, "paragraph", heading=heading)]
    assert not classifier.classify_blocks(page).markets_stem_cells


def test_free_to_use_what_the_fda_forbids_is_no_exemption_claim_in_a_news_story(classifier):
    sentence = (
        "Offshore, clinics say they are free to use cells that the FDA does not allow in American "
        "clinics."
    )
    assert not _violations_under(classifier, "The stem cell tourism boom", sentence)


@pytest.mark.parametrize(
    "sentence",
    [
        "Our stem cells frequently promote disc healing and relieve sciatica.",
        "Unlike steroids, stem cells have no contraindications and treat back pain and sciatica.",
        "Our stem cell injections heal herniated discs for good, while the evidence for surgery "
        "is weak.",
        "Our expanded stem cells regrow damaged discs; in the United States this treatment is "
        "prohibited.",
        "As published on our website, our stem cell injections regrow damaged discs.",
        "What you need to know: our stem cell injections heal herniated discs in weeks.",
        "### Our stem cell injections heal herniated discs without surgery",
        "Call today to find out if our stem cell injections can repair your herniated disc.",
    ],
)
def test_claims_that_only_look_like_a_survey_a_rule_research_a_topic_or_tags(classifier, sentence):
    assert _violations_on_a_selling_page(classifier, sentence)


@pytest.mark.parametrize(
    "sentence",
    [
        "Because the FDA has no authority over the practice of medicine, state boards must "
        "police stem cell clinics.",
        "Epidural steroid injections are recommended by the North American Spine Society, while "
        "stem cell injections remain experimental.",
        "Only hospitals with accredited transplant programs are authorized to provide stem cell "
        "transplants.",
        "Our transplant program treats leukemia and lymphoma with cord blood stem cells; we do "
        "not offer mesenchymal or adipose cell injections.",
    ],
)
def test_rules_and_approved_transplants_on_a_page_that_sells_nothing_claim_nothing(
    classifier, sentence
):
    assert not _violations_under(classifier, "Treating low back pain", sentence)


def test_a_reported_claim_that_was_true_only_in_part_stays_reported(classifier):
    sentence = (
        "The clinic claimed its stem cells could regrow spinal discs, and it was true that some "
        "patients felt better for a while."
    )
    assert not _violations_under(classifier, "Stem cell clinics under scrutiny", sentence)


@pytest.mark.parametrize("button", ["Reserve Now", "Book now", "Checkout"])
def test_a_price_and_a_booking_button_make_a_product_page(classifier, button):
    page = [
        Block("Spine package", "heading"),
        Block("Each package holds 100 million umbilical cord stem cells.", "paragraph"),
        Block("$8,900", "paragraph"),
        Block(button, "paragraph"),
    ]
    assert classifier.classify_blocks(page).markets_stem_cells


def test_a_very_long_sentence_naming_stem_cells_often_classifies_in_bounded_time(classifier):
    sentence = "Stem cells and more stem cells " * 4000 + "relieve back pain."
    claims = classifier.classify_text(sentence).claims
    assert claims
    assert all(claim.text for claim in claims)


@pytest.mark.parametrize(
    "sentence",
    [
        "I am licensed by the Texas State Board of Medical Examiners.",
        "Botox is FDA approved for the temporary improvement of frown lines.",
    ],
)
def test_a_doctors_licence_or_another_products_approval_is_no_approval_claim(classifier, sentence):
    assert "approval_claim" not in _violations_on_a_selling_page(classifier, sentence)


def test_a_trials_title_names_what_it_tests_without_offering_it(classifier):
    title = "SPINE-HEAL: A Trial of Cell Therapy for Chronic Low Back Pain"
    assert not classifier.violation_labels(title)


def test_the_model_alone_needs_named_diseases_for_a_broad_indication(classifier):
    meta = "Exosome therapy in Denver for back pain, knee pain, hair loss and anti-aging."
    page = [
        Block("We offer stem cell injections for back pain.", "paragraph"),
        Block(meta, "meta"),
    ]
    assert "broad_indication" not in _violations_of(classifier.classify_blocks(page), meta)


def test_a_claims_suppressed_reasons_are_the_same_whatever_the_hash_seed():
    """Stored evidence is reproducible: set iteration order must not leak into it."""
    script = (
        "from classifiers.classifier import ClaimClassifier\n"
        "from classifiers.document import Block\n"
        "text = 'Studies have found that stem cell injections cure back pain and regrow discs.'\n"
        "claims = ClaimClassifier.load().classify_blocks([Block(text)]).claims\n"
        "print([list(claim.suppressed) for claim in claims])\n"
    )
    outputs = {
        subprocess.run(
            [sys.executable, "-c", script],
            env={**os.environ, "PYTHONHASHSEED": seed},
            capture_output=True,
            text=True,
            check=True,
            timeout=300,
        ).stdout
        for seed in ("1", "2")
    }
    assert len(outputs) == 1
    assert "efficacy_claim" in outputs.pop()


def test_a_clinic_titled_for_the_conditions_it_treats_claims_to_treat_them_by_rule(classifier):
    title = "Denver's Trusted Stem Cell Clinic for Sciatica and Neck Pain"
    page = [
        Block(title, "title"),
        Block("Our physicians offer same-day stem cell injections.", "paragraph"),
    ]
    claim = next(c for c in classifier.classify_blocks(page).claims if c.text == title)
    assert "treatment_claim" in claim.violations
    assert "treatment-for+condition" in claim.rules


def test_a_news_story_naming_clinics_for_back_pain_names_them_only(classifier):
    sentence = "Patients have flocked to stem cell clinics for back pain and arthritis."
    page = [
        Block("Stem cell clinics draw patients despite warnings", "title"),
        Block("The FDA has warned that unapproved stem cell products can harm, experts said."),
        Block(sentence),
    ]
    assert not _violations_of(classifier.classify_blocks(page), sentence)


@pytest.mark.parametrize(
    "sentence",
    [
        "The surgical exemption only applies if the tissue is taken out and put back in the same "
        "operation.",
        "Anyone thinking about stem cell therapy should check that it is given through an "
        "FDA-authorized clinical trial.",
        "In Panama we offer cultured stem cells that American physicians are not permitted to use.",
    ],
)
def test_a_rules_limits_a_reported_pitch_a_trial_or_a_foreign_offer_is_no_regulatory_claim(
    classifier, sentence
):
    assert not classifier.violation_labels(sentence)


def test_reviews_a_compliance_guide_warns_promise_a_cure_report_the_promise(classifier):
    sentence = "Pitfall #2: Sharing reviews that promise your stem cell shots heal herniated discs."
    page = [
        Block("Marketing regenerative medicine: a guide for physicians", "title"),
        Block("If you sell stem cell therapy, these habits invite an FDA warning letter."),
        Block(sentence),
    ]
    assert not _violations_of(classifier.classify_blocks(page), sentence)


def test_a_regulators_non_homologous_use_reports_what_a_product_was_sold_for(classifier):
    sentence = (
        "Specifically, VitaCord is intended for non-homologous use, such as the treatment of "
        "spinal stenosis."
    )
    assert not _violations_on_a_selling_page(classifier, sentence)


def test_compliance_as_a_topic_is_no_claim_of_compliance(classifier):
    title = "Regenerative Medicine Marketing: Compliance Pitfalls That Draw FDA Scrutiny"
    assert "approval_claim" not in classifier.violation_labels(title)


RECOVERY_STORY = "Since his cord cell shots, my husband with spinal stenosis is gardening again."


def test_a_patients_recovery_from_a_condition_on_a_selling_page_claims_the_treatment(classifier):
    page = [Block("We offer stem cell injections for back pain."), Block(RECOVERY_STORY)]
    claim = next(c for c in classifier.classify_blocks(page).claims if c.text == RECOVERY_STORY)
    assert "treatment_claim" in claim.violations
    assert "recovery-story+condition" in claim.rules


@pytest.mark.parametrize(
    "story",
    [
        "\u201cAfter nine years of sciatica, I can finally sleep through the night.\u201d",
        "\u201cThe injection gave me my life back; my herniated disc no longer rules me.\u201d",
        "\u201cAfter the cord cell injection for my sciatica, I stopped taking painkillers.\u201d",
        "\u201cTwo months after treatment for my bulging disc I am off all my pain meds.\u201d",
    ],
)
def test_a_patient_finally_free_of_a_condition_tells_a_recovery(classifier, story):
    page = [Block("We offer stem cell injections for back pain."), Block(story, "quote")]
    assert "treatment_claim" in _violations_of(classifier.classify_blocks(page), story)


@pytest.mark.parametrize(
    "story",
    [
        "\u201cI avoided a fusion that two surgeons told me I needed.\u201d",
        "Many of our patients who were told they needed surgery have avoided it altogether.",
    ],
)
def test_surgery_others_said_was_needed_and_was_avoided_is_an_efficacy_claim(classifier, story):
    page = [Block("We offer stem cell injections for back pain."), Block(story, "quote")]
    assert "efficacy_claim" in _violations_of(classifier.classify_blocks(page), story)


def test_a_patients_recovery_in_a_news_story_is_reported(classifier):
    page = [
        Block("Patients pay thousands for unproven stem cell shots", "title"),
        Block("Experts say there is little evidence the injections work, reporters found."),
        Block(RECOVERY_STORY),
    ]
    assert not _violations_of(classifier.classify_blocks(page), RECOVERY_STORY)


@pytest.mark.parametrize(
    "story",
    [
        "My stenosis came back after a month, though I could walk again for a while.",
        "I still have sciatica and now I can't work again until spring.",
    ],
)
def test_a_story_of_relief_that_wore_off_or_never_came_claims_no_treatment(classifier, story):
    page = [Block("We offer stem cell injections for back pain."), Block(story)]
    claim = next((c for c in classifier.classify_blocks(page).claims if c.text == story), None)
    assert claim is None or "recovery-story+condition" not in claim.rules


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("Adipose SVF for Sciatica and Bulging Discs | Book Today", "treatment_claim"),
        (
            "The efficacy of our stem cell course for lumbar osteochondrosis reaches 88%.",
            "efficacy_claim",
        ),
        ("Over 2,500 cord cell injections given with a 0% complication rate.", "safety_claim"),
        ("We don't cover up the pain, we're regenerating your discs.", "efficacy_claim"),
    ],
)
def test_a_product_for_a_condition_a_rate_of_effect_or_no_complications_claims(
    classifier, sentence, expected
):
    assert expected in _violations_on_a_selling_page(classifier, sentence)


def test_a_trial_title_of_a_cell_product_in_a_condition_offers_nothing(classifier):
    title = "Exosome-Enriched Platelet Lysate in Chronic Discogenic Low Back Pain"
    assert "treatment_claim" not in classifier.violation_labels(title)


@pytest.mark.parametrize(
    "sentence",
    [
        "Our exosomes act as messengers that tell tired cells to repair and renew.",
        "One infusion wakes up your own cells to heal themselves.",
    ],
)
def test_a_product_that_tells_tissue_to_repair_itself_claims_an_effect(classifier, sentence):
    assert "efficacy_claim" in _violations_on_a_selling_page(classifier, sentence)


def test_patients_with_a_condition_who_notice_a_difference_claim_the_treatment(classifier):
    sentence = "Clients with sciatica often notice a difference a week after an exosome session."
    assert "treatment_claim" in _violations_on_a_selling_page(classifier, sentence)


def test_a_clinic_in_a_safe_neighbourhood_claims_no_safety(classifier):
    sentence = "Our stem cell clinic sits in a safe neighbourhood close to the airport."
    assert "safety_claim" not in _violations_on_a_selling_page(classifier, sentence)


def test_regeneration_reported_in_a_few_studies_is_research(classifier):
    sentence = "Signs of disc regeneration were reported in a few studies of injected stem cells."
    assert not classifier.violation_labels(sentence)


def test_a_hedged_answer_after_a_run_of_short_questions_offers_the_treatment(classifier):
    block = "Sciatica? Stiff neck? Old injuries? Exosome shots may be what your body needs."
    page = [Block("We offer stem cell injections for back pain."), Block(block)]
    answer = next(c for c in classifier.classify_blocks(page).claims if c.text.startswith("Exo"))
    assert "treatment_claim" in answer.violations


@pytest.mark.parametrize(
    "quoted",
    [
        "\u201cOur cord cells rebuild worn spinal discs in weeks.\u201d",
        "'Our cord cells rebuild worn spinal discs in weeks, and don't need surgery.'",
        "\u2018Our cord cells rebuild worn spinal discs in weeks.\u2019",
    ],
)
def test_a_marketers_words_quoted_whole_after_a_lead_in_are_its_claim(classifier, quoted):
    reported = "Cord cells rebuild worn spinal discs in weeks."
    letter = [
        Block("WARNING LETTER", "title"),
        Block("Your website makes the following statements, among others:"),
    ]
    quoted_claims = classifier.classify_blocks([*letter, Block(quoted)])
    reported_claims = classifier.classify_blocks([*letter, Block(reported)])
    assert "efficacy_claim" in _violations_of(quoted_claims, quoted)
    assert not _violations_of(reported_claims, reported)


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("Nine times out of ten, we get patients out of pain with one visit.", "efficacy_claim"),
        ("I have yet to meet a patient who didn't improve after our cord cells.", "efficacy_claim"),
        ("Most of our clients with sciatica no more need the operation.", "efficacy_claim"),
        (
            "We use donated tissue as tissue banks may, so we are not in drug territory.",
            "regulatory_exempt",
        ),
        ("Being cell-free puts our exosomes outside the FDA's framework.", "regulatory_exempt"),
        ("Our own cells, so the FDA has nothing to say about our protocol.", "regulatory_exempt"),
        ("Our licensed team keeps stem cell care here fully within the law.", "regulatory_exempt"),
        (
            "Here there is no long waiting for approval, you can start the cells now.",
            "regulatory_exempt",
        ),
        ("Imagine your thinned discs plumping back up after two injections.", "efficacy_claim"),
        ("Cord stem cells never cause allergies or tumours.", "safety_claim"),
        ("Think of it as hitting the reset button on your worn discs.", "efficacy_claim"),
        (
            "Told fusion was their only choice, many leave without ever needing it.",
            "efficacy_claim",
        ),
        (
            "Free of lengthy approval timelines, we give you expanded cells now.",
            "regulatory_exempt",
        ),
        ("Affordable stem cell treatment of spine diseases in Lviv.", "treatment_claim"),
    ],
)
def test_the_webs_other_wordings_of_a_claim(classifier, sentence, expected):
    assert expected in _violations_on_a_selling_page(classifier, sentence)


@pytest.mark.parametrize(
    "sentence",
    [
        "A warning letter cited deviations from good tissue practice at the cord blood bank.",
        "Oh sure, stem cells that magically know how to rebuild your disc, totally believable.",
        "Skipped the stem cell shot and did physical therapy; I'm about 70% better now.",
        "A Phase I/II Study of Bone Marrow Concentrate in Patients With Chronic Disc Pain",
        "Spine Renewal Package - $5,200",
        "No stem cell product is approved for back conditions, and evidence that the shots help "
        "discs heal is still preliminary.",
        "A safer wording: 'we offer this only within an IRB-approved trial.'",
        "Stem Cell Shots for Sciatica: What Patients Should Know",
        "Cellular Wellness Bangkok - Stem Cell Centre for Spine and Joint",
    ],
)
def test_what_only_looks_like_a_claim_on_a_selling_page_claims_nothing(classifier, sentence):
    """A violation found, mockery, a patient's own progress, a trial's or guide's title, a
    package's name, a claim said to be unproven, advice on wording, the spine as a body part."""
    assert not _violations_on_a_selling_page(classifier, sentence)


@pytest.mark.parametrize(
    "story",
    [
        "My herniated disc got so bad that I could no longer pick up my grandkids.",
        "Last winter my sciatica flared up again and I spent two weeks in bed.",
        "I was diagnosed with spinal stenosis for the first time in 2015, when I was 52.",
        "After six weeks of physical therapy for my sciatica, I'm back to gardening again.",
    ],
)
def test_a_story_of_the_condition_before_or_of_other_care_claims_no_recovery(classifier, story):
    page = [Block("We offer stem cell injections for back pain."), Block(story)]
    claim = next((c for c in classifier.classify_blocks(page).claims if c.text == story), None)
    assert claim is None or "recovery-story+condition" not in claim.rules


@pytest.mark.parametrize(
    "story",
    [
        "I still can't believe it: I had spinal stenosis for years, and now I walk the mall again.",
        "My sciatica was getting worse every year, but now I'm back to running five days a week.",
    ],
)
def test_a_recovery_told_against_how_bad_it_was_still_claims_the_treatment(classifier, story):
    page = [Block("We offer stem cell injections for back pain."), Block(story)]
    claim = next(c for c in classifier.classify_blocks(page).claims if c.text == story)
    assert "recovery-story+condition" in claim.rules


def test_a_patient_who_called_off_surgery_after_the_cells_claims_surgery_avoided(classifier):
    story = "After the cells I cancelled my back surgery and now I play golf three times a week."
    page = [Block("We offer stem cell injections for back pain."), Block(story)]
    assert "efficacy_claim" in _violations_of(classifier.classify_blocks(page), story)


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        (
            "Every patient is treated under our FDA-authorized protocol for disc disease.",
            "approval_claim",
        ),
        (
            "The same-day exception applies only when your own cells are used, which we do.",
            "regulatory_exempt",
        ),
        (
            "Unlike non-homologous use products, our allograft needs no FDA approval.",
            "regulatory_exempt",
        ),
        (
            "Wharton's jelly for low back pain is one of our most requested treatments.",
            "treatment_claim",
        ),
    ],
)
def test_a_seller_s_own_words_around_a_regulators_terms_still_claim(classifier, sentence, expected):
    assert expected in _violations_on_a_selling_page(classifier, sentence)


@pytest.mark.parametrize(
    "sentence",
    [
        "After your injection, follow the aftercare instructions to heal properly.",
        "Our processing efficiency preserves over 95% cell viability in every sample.",
        "We treat knee osteochondrosis in young athletes with rest and bracing.",
    ],
)
def test_aftercare_a_lab_figure_or_a_knee_condition_claims_nothing_for_the_back(
    classifier, sentence
):
    result = classifier.classify_blocks(
        [Block("We offer stem cell injections for back pain."), Block(sentence)]
    )
    claim = next((c for c in result.claims if c.text == sentence), None)
    assert claim is None or not {"efficacy_claim", "back_pain_indication"} & set(claim.labels)


def test_a_regulators_drug_finding_names_no_treatment_offered(classifier):
    letter = [
        Block("WARNING LETTER", "title"),
        Block("Your SVF for degenerative disc disease is a drug under section 201(g) of the Act."),
    ]
    result = classifier.classify_blocks(letter)
    assert not any(claim.violations for claim in result.claims)


def test_a_papers_title_with_its_follow_up_is_research(classifier):
    title = "Intradiscal bone marrow concentrate for discogenic back pain: 2-year outcomes"
    assert not classifier.violation_labels(title)


def test_a_clinics_own_mistake_listicle_still_speaks_for_the_clinic(classifier):
    sentence = (
        "Mistake #1: waiting too long, because our stem cell therapy works best before your "
        "discs are bone-on-bone and can repair them completely."
    )
    assert _violations_on_a_selling_page(classifier, sentence)


def test_a_question_with_a_note_on_its_medium_after_it_is_still_a_question(classifier):
    title = "Ep. 12: Can Stem Cells Regrow Your Discs? (full transcript)"
    page = [Block(title, "title"), Block("Our guest is a spine surgeon.")]
    assert not any(claim.violations for claim in classifier.classify_blocks(page).claims)


def test_cells_that_allow_discs_to_repair_themselves_claim_an_effect(classifier):
    assert "efficacy_claim" in classifier.violation_labels(
        "Our cells allow worn discs to repair themselves."
    )


@pytest.mark.parametrize(
    "sentence",
    [
        "Numerous regenerative medicine clinics believe their allografts are exempt from FDA "
        "premarket review under Section 361.",
        "Injecting placental tissue to treat sciatica is usually not a homologous use, because "
        "that tissue plays no such role in the spine.",
    ],
)
def test_what_other_clinics_believe_and_a_use_the_rules_disallow_are_not_claims(
    classifier, sentence
):
    assert not _violations_of(classifier.classify_blocks([Block(sentence)]), sentence)


def test_a_clinic_on_a_directorys_list_is_no_third_party_speaking(classifier):
    sentence = (
        "Each clinic on our list uses cells from FDA-registered, AATB-accredited tissue banks, "
        "so you can trust your treatment."
    )
    assert "approval_claim" in _violations_of(
        classifier.classify_blocks([Block(sentence)]), sentence
    )


@pytest.mark.parametrize(
    "sentence",
    [
        "Not approved by the FDA to treat any disease; for homologous use only.",
        "Safety and Efficacy of Allogeneic Mesenchymal Cells in Patients With Chronic Discogenic "
        "Low Back Pain",
        "Several pain practices assume their cell products fall under Section 361 and need no "
        "FDA approval.",
    ],
)
def test_a_labels_restriction_a_trials_title_and_other_practices_beliefs_are_no_claims(
    classifier, sentence
):
    assert not _violations_on_a_selling_page(classifier, sentence)


def test_the_practice_of_medicine_like_any_physicians_procedure_is_still_an_exemption(
    classifier,
):
    sentence = (
        "Our stem cell treatment is performed under the practice of medicine, just like any "
        "other physician-administered procedure."
    )
    assert "regulatory_exempt" in _violations_of(
        classifier.classify_blocks([Block(sentence)]), sentence
    )


@pytest.mark.parametrize(
    ("sentence", "label"),
    [
        (
            "Trusted by many orthopedic practices, our cord stem cell product regrows damaged "
            "spinal discs.",
            "efficacy_claim",
        ),
        ("Most patients avoid the need for spinal fusion.", "efficacy_claim"),
        (
            "Our success rate tops 90%, far better than the outcomes reported for spinal fusion.",
            "efficacy_claim",
        ),
        (
            "Studies confirm the safety and efficacy of bone marrow stem cells for the treatment "
            "of herniated discs.",
            "safety_claim",
        ),
        (
            "Our amniotic allograft meets FDA criteria for homologous use only, so no approval is "
            "needed.",
            "regulatory_exempt",
        ),
    ],
)
def test_the_narrow_readings_leave_a_sellers_own_claims_standing(classifier, sentence, label):
    assert label in _violations_on_a_selling_page(classifier, sentence)


@pytest.mark.parametrize(
    "sentence",
    [
        "Cord stem cells regrow spinal discs, a promise that the FTC says is deceptive.",
        "Many people fear back surgery and want to avoid it, so they look for other options.",
        "I could finally put a name to my pain: lumbar spinal stenosis.",
        "I was finally able to get an MRI, which showed a herniated disc.",
    ],
)
def test_a_rebuttal_a_fear_and_a_diagnosis_claim_nothing(classifier, sentence):
    assert not _violations_on_a_selling_page(classifier, sentence)


@pytest.mark.parametrize(
    ("sentence", "label"),
    [
        (
            "These outpatient injections have helped hundreds of patients with facet joint pain "
            "get back to work.",
            "treatment_claim",
        ),
        (
            "Our patented protocol is used for over 9,000 people a year with sciatica and bulging "
            "discs.",
            "treatment_claim",
        ),
        ("No IND or BLA is required, so your practice can start right away.", "regulatory_exempt"),
        ("Book a visit and take the first step toward a life without back pain.", "efficacy_claim"),
    ],
)
def test_a_sellers_protocol_an_ind_needed_by_no_one_and_a_painless_life(
    classifier, sentence, label
):
    assert label in _violations_on_a_selling_page(classifier, sentence)


@pytest.mark.parametrize(
    "sentence",
    [
        "Our epidural steroid injections relieve sciatica for weeks.",
        "Ask our staff about treatments for sciatica.",
        "Spine surgery has helped thousands of patients with spinal stenosis.",
        "Steroids have been used to treat sciatica for decades, though the benefit is brief.",
        "Good posture today can save you from a lifetime of back pain.",
        "Before the accident, she had enjoyed a life without back pain.",
    ],
)
def test_other_care_and_advice_on_a_selling_page_claim_nothing_for_stem_cells(classifier, sentence):
    assert not _violations_on_a_selling_page(classifier, sentence)


@pytest.mark.parametrize(
    "page",
    [
        ["Candidacy criteria are simple: you need a recent MRI."],
        ["The space around your spinal nerves is narrow."],
    ],
)
def test_plain_words_for_criteria_or_narrowness_leave_a_pages_hedged_claim_standing(
    classifier, page
):
    claim = "Stem cell injections may help relieve the pain of degenerative disc disease."
    result = classifier.classify_blocks(
        [Block("Stem cell therapy for sciatica.", "title"), *map(Block, page), Block(claim)]
    )
    assert "treatment_claim" in _violations_of(result, claim)


@pytest.mark.parametrize(
    ("sentence", "label"),
    [
        (
            "Your fat cells go back in during the same visit, so it is your own tissue and not a "
            "drug.",
            "regulatory_exempt",
        ),
        (
            "On average, our patients' pain score falls from 6.5 to 1.5 in three months.",
            "efficacy_claim",
        ),
    ],
)
def test_own_tissue_that_is_not_a_drug_and_a_falling_pain_score_are_claims(
    classifier, sentence, label
):
    assert label in _violations_on_a_selling_page(classifier, sentence)


def test_a_regulator_calling_a_product_a_drug_claims_no_exemption(classifier):
    sentence = "A product that is more than minimally manipulated is not a 361 HCT/P but a drug."
    assert "regulatory_exempt" not in _violations_on_a_selling_page(classifier, sentence)


@pytest.mark.parametrize(
    ("sentence", "label"),
    [
        (
            "Our Kuala Lumpur wellness center offers exosome therapy for back pain and neck pain.",
            "treatment_claim",
        ),
        ("Our Toronto-area clinic offers bone marrow concentrate for sciatica.", "treatment_claim"),
        (
            "Health Canada has approved our clinic to perform stem cell procedures.",
            "approval_claim",
        ),
        (
            "Our cell lab holds a manufacturing permit issued by the regional health authority.",
            "approval_claim",
        ),
        (
            "Exosomes are not drugs and so do not require approval from any health authority.",
            "regulatory_exempt",
        ),
        (
            "Offshore, our stem cell doctors are not bound by FDA restrictions on cell dosing.",
            "regulatory_exempt",
        ),
    ],
)
def test_a_clinic_abroad_names_itself_its_licence_and_the_rules_it_escapes(
    classifier, sentence, label
):
    assert label in _violations_on_a_selling_page(classifier, sentence)


@pytest.mark.parametrize(
    "sentence",
    [
        "CTRI/2022/05/043311: Safety and efficacy of allogeneic MSCs in patients with chronic "
        "low back pain due to degenerative disc disease.",
        "jRCT2051190077: Intradiscal injection of cultured cells for lumbar disc herniation.",
    ],
)
def test_a_trial_registry_entry_titled_by_its_number_claims_nothing(classifier, sentence):
    assert not _violations_of(classifier.classify_blocks([Block(sentence)]), sentence)


def test_a_registry_number_before_a_sellers_own_words_takes_no_claim_back(classifier):
    sentence = "NCT04012345 - Our stem cell injections regenerate damaged discs for good."
    assert "efficacy_claim" in _violations_on_a_selling_page(classifier, sentence)


@pytest.mark.parametrize(
    "sentence",
    [
        "Our free back pain seminar does not require registration.",
        "All of our physicians are licensed under the Texas Medical Practice Act.",
        "Health Canada granted our access-to-information request in May.",
    ],
)
def test_a_seminar_a_doctors_licence_and_a_records_request_are_no_claims(classifier, sentence):
    assert not _violations_on_a_selling_page(classifier, sentence)


def test_a_reporter_who_visited_a_clinic_is_no_clinic_naming_itself(classifier):
    sentence = (
        "Our Tijuana correspondent visited a clinic that offers stem cell injections for back pain."
    )
    page = [Block("Inside the booming stem cell tourism trade", "title"), Block(sentence)]
    assert not _violations_of(classifier.classify_blocks(page), sentence)


def test_a_protocol_an_ethics_committee_approved_is_a_sellers_reassurance_a_trial_is_not(
    classifier,
):
    protocol = "Each cell protocol is reviewed and approved by the National Cell Ethics Committee."
    trial = "The trial was approved by the hospital ethics committee and the national regulator."
    page = [Block("We offer stem cell injections for back pain."), Block(protocol), Block(trial)]
    result = classifier.classify_blocks(page)
    assert "approval_claim" in _violations_of(result, protocol)
    assert "approval_claim" not in _violations_of(result, trial)


@pytest.mark.parametrize(
    "sentence",
    [
        "A court ruled that a network of stem cell clinics must comply with FDA drug rules.",
        "The clinic had argued that its fat-cell procedure was outside the FDA's authority.",
        "Defendants promoted the SVF product to treat Parkinson's disease, ALS, COPD and heart "
        "disease.",
    ],
)
def test_a_court_and_a_complaint_report_what_clinics_argued_and_promoted(classifier, sentence):
    assert not _violations_of(classifier.classify_blocks([Block(sentence)]), sentence)


@pytest.mark.parametrize(
    ("sentence", "is_claim"),
    [
        ("A reporter saw a clinic banner advertising 'FDA-approved stem cells' in Tampa.", False),
        ("The site calls its cord product 'FDA compliant,' a phrase with no legal meaning.", False),
        ("The clinic's cord cells are FDA approved, its banner said.", False),
        ("Our clinic's stem cells are FDA approved and 100% safe.", True),
    ],
)
def test_a_claim_in_single_quotes_is_mentioned_and_an_apostrophe_quotes_nothing(
    classifier, sentence, is_claim
):
    assert bool(_violations_of(classifier.classify_blocks([Block(sentence)]), sentence)) is is_claim


@pytest.mark.parametrize(
    "sentence",
    [
        "Proven treatments for most neck pain include staying active, physical therapy and rest.",
        "If you are not a candidate, our team can discuss proven alternatives, including physical "
        "therapy and, when needed, surgery.",
    ],
)
def test_proven_conventional_care_listed_as_examples_is_no_stem_cell_claim(classifier, sentence):
    assert not _violations_on_a_selling_page(classifier, sentence)


@pytest.mark.parametrize(
    "sentence",
    [
        "Oh wonderful, magic stem cells will regrow your spine, cure your autism and fix your "
        "marriage.",
        "Pain practices often assume their cord product is a 361 HCT/P exempt from FDA approval.",
        "A footer disclaimer will not change a net impression that your stem cell shots regrow "
        "discs.",
    ],
)
def test_mockery_other_practices_assumptions_and_a_net_impression_claim_nothing(
    classifier, sentence
):
    assert not _violations_of(classifier.classify_blocks([Block(sentence)]), sentence)


@pytest.mark.parametrize(
    ("sentence", "label"),
    [
        (
            "Call today to find out if cord tissue therapy can help your degenerative disc "
            "disease.",
            "treatment_claim",
        ),
        (
            "Treatment with your own cells is regulated by state medical boards, not the FDA.",
            "regulatory_exempt",
        ),
    ],
)
def test_a_call_to_find_out_and_medical_boards_instead_of_the_fda_are_claims(
    classifier, sentence, label
):
    assert label in _violations_on_a_selling_page(classifier, sentence)


@pytest.mark.parametrize(
    "sentence",
    [
        "Was it worth it? Sure, and the stem cells healed my herniated disc.",
        "There are no magic stem cells, but our injections regenerate damaged discs.",
        "Treatments such as physical therapy mask the pain, while this one regrows your damaged "
        "disc.",
    ],
)
def test_a_sellers_sure_no_magic_and_other_care_set_against_its_own_still_claim(
    classifier, sentence
):
    page = [Block("We offer stem cell injections for back pain."), Block(sentence)]
    result = classifier.classify_blocks(page)
    assert any(claim.violations for claim in result.claims[1:])


def test_a_priced_package_for_a_condition_offers_its_treatment(classifier):
    page = classifier.classify_blocks(
        [
            Block("Umbilical cord stem cell therapy in Guadalajara", "heading"),
            Block("Five-day package for a herniated lumbar disc: 8,900 USD, hotel included."),
            Block("Ana said she spent $9,000 on shots for her sciatica and felt no change."),
        ]
    )
    package, paid = (claim for claim in page.claims if claim.block > 0)
    assert "treatment_claim" in package.violations
    assert paid.violations == []


@pytest.mark.parametrize(
    "sentence",
    [
        "Stem cells from your own fat are used the same day, which is why no special approval "
        "is needed.",
        "Our stem cell clinic in Vienna operates under the hospital exemption.",
    ],
)
def test_foreign_exemption_wording_is_regulatory_exempt(classifier, sentence):
    claim = _claim_on_a_selling_page(classifier, sentence)
    assert {"no-special-approval", "hospital-exemption"} & set(claim.rules)


@pytest.mark.parametrize(
    "sentence",
    [
        "Callers with neck pain were told by 9 of 15 clinics that the shots would regrow discs.",
        "Stem Cell Therapy for Sciatica: What the Research Shows",
        "We conclude that bone marrow cells may be a promising route to disc regeneration, "
        "pending larger trials.",
    ],
)
def test_a_report_a_title_on_the_evidence_and_an_authors_conclusion_claim_nothing(
    classifier, sentence
):
    assert classifier.violation_labels(sentence) == set()
    after_a_lead = classifier.classify_blocks([Block("Stem cells and your spine"), Block(sentence)])
    assert not any(claim.violations for claim in after_a_lead.claims)


@pytest.mark.parametrize(
    ("sentence", "label"),
    [
        ("Pro golfers use these stem cells to skip the operating table.", "efficacy_claim"),
        ("Our team has helped many patients with stenosis stay off the surgeon's table.",
         "efficacy_claim"),
        ("With stem cells, a bulging disc doesn't have to mean surgery.", "efficacy_claim"),
        ("In nine years of stem cell injections we have yet to see a single infection.",
         "safety_claim"),
        ("Our amniotic injections breathe new life into worn-out discs.", "efficacy_claim"),
        ("Six months after her stem cell shot, her disc height is coming back.",
         "efficacy_claim"),
        ("Our stem cell injections repair the source of your pain.", "efficacy_claim"),
        ("Our twenty-one clinics reported zero complications after stem cell injections.",
         "safety_claim"),
    ],
)  # fmt: skip
def test_informal_surgery_safety_and_repair_promises_are_claims(classifier, sentence, label):
    assert label in _violations_on_a_selling_page(classifier, sentence)


@pytest.mark.parametrize(
    "sentence",
    [
        "For most people, a herniated disc doesn't have to mean surgery.",
        "A 2022 survey counted how often German hospitals relied on the hospital exemption.",
        "I've yet to see a single complication from gentle spinal mobilisation.",
    ],
)
def test_those_words_claim_nothing_where_no_stem_cell_treatment_is_offered(classifier, sentence):
    assert classifier.violation_labels(sentence) == set()
