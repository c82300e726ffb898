/**
 * Scripted conversation material for the simulator: four themes (one per agent), each with openers,
 * question/answer items whose question comes in several close wordings (used by "repeater" users),
 * closers, and the lines a frustrated user escalates to.
 *
 * Rule kept by this file (and checked by tests/unit/simulator.test.ts): everything a calm or
 * repeater session can say is free of FRUSTRATION_MARKERS, and the items of one theme do not
 * resemble each other, so calm sessions give a frustration / repetition detector nothing to find.
 * Placeholders {order}, {day}, {time}, {name}, {plan} are filled per session.
 */

export type ThemeId = 'order' | 'product' | 'onboarding' | 'booking';

export interface QaItem {
  /** Close wordings of one question; the first is the usual one. At least three. */
  q: readonly string[];
  /** Possible avatar answers. At least two. */
  a: readonly string[];
}

export interface Theme {
  id: ThemeId;
  agentId: string;
  roomName: string;
  openers: readonly string[];
  greetings: readonly string[];
  items: readonly QaItem[];
  /** Frustrated lines that only make sense in this theme. */
  frustration: readonly string[];
}

/** Words and phrases that mark a frustrated user (matched case-insensitively on word boundaries). */
export const FRUSTRATION_MARKERS = [
  'frustrated',
  'frustrating',
  'angry',
  'terrible',
  'awful',
  'useless',
  'ridiculous',
  'already told you',
  'unacceptable',
  'waste of time',
  'fed up',
] as const;

export const CLOSERS: readonly QaItem[] = [
  { q: ['Great, thank you!'], a: ["You're welcome! Have a great day."] },
  { q: ["Perfect, that's all I needed."], a: ['Glad I could help. Take care!'] },
  { q: ['Thanks, that helps a lot.'], a: ['Anytime. Come back whenever you have another question.'] },
  { q: ['Okay, got it. Bye!'], a: ['Goodbye, and thanks for stopping by!'] },
];

/** Generic escalation lines; each contains at least one marker. */
export const FRUSTRATION_LINES: readonly string[] = [
  "I'm getting really frustrated with this.",
  'This is useless. I just want a straight answer.',
  "That's a terrible answer, you're not even listening.",
  'Honestly I am angry now. Can I talk to a real person?',
  'Ugh, this is so frustrating. Nothing you say helps.',
  "This is ridiculous, I've asked three times already.",
  'Awful experience so far. I want to speak to a manager.',
  'I already told you that. Why do you keep asking?',
  "This is a waste of time, you're useless.",
  "I'm fed up. This is unacceptable.",
];

/** What the avatar says to an upset user. */
export const APOLOGIES: readonly string[] = [
  "I'm sorry about the trouble. Let me connect you with a member of our team.",
  'I understand, and I apologize. Let me look into that right away.',
  "I hear you. I've flagged this conversation so a person can follow up with you today.",
  "I'm sorry for the inconvenience. Could you give me one more moment to check?",
  "You're right, I should have been clearer. Here is what I can do for you now.",
  'I apologize. I have escalated this to a supervisor, who will email you within the hour.',
  'Thank you for your patience. I am passing your case to a human agent now.',
];

export const WEEKDAYS = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday'] as const;
export const TIMES = ['9:30 am', '10:15 am', '11 am', '1:45 pm', '3 pm', '4:30 pm'] as const;
export const NAMES = ['Dr. Patel', 'Dr. Okafor', 'Dr. Lindqvist', 'Dr. Moreau'] as const;
export const PLANS = ['Pro', 'Business', 'Starter'] as const;

export const THEMES: readonly Theme[] = [
  {
    id: 'order',
    agentId: 'agent_customer_support',
    roomName: 'customer-support-room',
    openers: [
      'Hi, I need help with my order {order}.',
      'Hello, I have a question about order {order}.',
      "Hi there, my order {order} hasn't arrived yet.",
    ],
    greetings: [
      'Of course. I have pulled up order {order}, it shipped on Monday. What would you like to know?',
      'Happy to help. I can see order {order} in our system. What can I do for you?',
      'Sure thing. Order {order} is with the carrier right now. How can I help?',
    ],
    items: [
      {
        q: [
          'When will my package be delivered?',
          'When will the package be delivered to me?',
          'Any idea when my package will be delivered?',
        ],
        a: [
          "The carrier estimates delivery on {day}. You'll get a text the evening before.",
          'It is scheduled to arrive on {day}, between 9 am and 6 pm.',
        ],
      },
      {
        q: [
          'Can you send me the tracking number?',
          'Could you send me the tracking number again?',
          'Can you send the tracking number to my email?',
        ],
        a: [
          'Done. I have emailed the tracking number to the address on your account.',
          'The tracking number is 1Z 999 AA1 0123 4567 84. I have also sent it by email.',
        ],
      },
      {
        q: [
          'Can I change the delivery address?',
          'Is it possible to change the delivery address?',
          'Can I still change the delivery address to my office?',
        ],
        a: [
          'Yes, as long as it has not left the local depot. What is the new address?',
          'I can request an address change with the carrier. It usually takes a few hours to confirm.',
        ],
      },
      {
        q: [
          'How do I return one of the items?',
          'What is the way to return one of the items?',
          'How can I return one of the items?',
        ],
        a: [
          'You can start a return from your account page under Orders. The return label is free.',
          'I can create the return for you now. Which item would you like to send back?',
        ],
      },
      {
        q: [
          'How long does a refund usually take?',
          'How long does the refund usually take to show up?',
          'Usually, how long does a refund take?',
        ],
        a: [
          'Refunds reach your card within 5 to 7 business days after we receive the item.',
          'Usually about a week. You will get an email as soon as it is processed.',
        ],
      },
      {
        q: [
          'One of the mugs arrived cracked. Can you replace it?',
          'One mug arrived cracked, can you replace it?',
          'One of the mugs arrived cracked, could you replace it?',
        ],
        a: [
          'I am sorry to hear that. A replacement mug will ship today at no cost.',
          'Of course. I have ordered a replacement; no need to send the cracked one back.',
        ],
      },
      {
        q: [
          'Can I get an invoice for this purchase?',
          'Could you email me an invoice for this purchase?',
          'Could I get an invoice for this purchase?',
        ],
        a: [
          'Yes, the invoice is available as a PDF in your account, and I just emailed you a copy.',
          'I have sent the invoice to your email. It includes the VAT breakdown.',
        ],
      },
      {
        q: [
          'Can I add gift wrapping?',
          'Is it still possible to add gift wrapping?',
          'Could I add gift wrapping to it?',
        ],
        a: [
          'Unfortunately it has already shipped, but I can add a gift note to the next one.',
          'Gift wrapping can only be added before shipping. I am sorry it is too late for this one.',
        ],
      },
    ],
    frustration: [
      'I already told you my order number, it is {order}.',
      'This is terrible. I have been waiting for over a week for {order}.',
    ],
  },
  {
    id: 'product',
    agentId: 'agent_sales_demo',
    roomName: 'sales-demo-room',
    openers: [
      "Hi! I'm looking at the {plan} plan for my team.",
      "Hello, I'd like to know more about the {plan} plan.",
      'Hi, can you tell me about the {plan} plan?',
    ],
    greetings: [
      'Welcome! The {plan} plan is our most popular choice for teams. What would you like to know?',
      'Great choice to look at. I can walk you through the {plan} plan. Ask me anything.',
      'Happy to help you compare plans. What matters most for your team?',
    ],
    items: [
      {
        q: [
          'How much does it cost per seat?',
          'How much does it cost per seat per month?',
          'So how much does it cost per seat?',
        ],
        a: [
          'It is 29 dollars per seat per month, or 24 if you pay annually.',
          'Pricing is per seat: 29 dollars monthly, with a discount for annual billing.',
        ],
      },
      {
        q: [
          'Is there a free trial?',
          'Do you offer a free trial?',
          'Is there a free trial we can start with?',
        ],
        a: [
          'Yes, 14 days free with all features, no credit card needed.',
          'Absolutely. The trial lasts two weeks and includes unlimited avatars.',
        ],
      },
      {
        q: [
          'Does it integrate with Slack and HubSpot?',
          'Can it integrate with Slack and HubSpot?',
          'Does it also integrate with Slack and HubSpot?',
        ],
        a: [
          'Yes, both are built in. You can connect them from the Integrations page in a few clicks.',
          'It does. HubSpot syncs contacts both ways and Slack gets a summary after each conversation.',
        ],
      },
      {
        q: [
          'Which languages do the avatars speak?',
          'What languages can the avatars speak?',
          'How many languages do the avatars speak?',
        ],
        a: [
          'Over 30 languages, including Spanish, German, Japanese and Arabic.',
          'The avatars speak more than 30 languages and can switch mid-conversation.',
        ],
      },
      {
        q: [
          'Where is our data stored, and are you GDPR compliant?',
          'Are you GDPR compliant, and where is our data stored?',
          'Is our data stored in the EU for GDPR?',
        ],
        a: [
          'We are GDPR compliant and you can choose EU or US data residency.',
          'Data is stored in the region you pick, and we sign a DPA with every customer.',
        ],
      },
      {
        q: [
          'Can we create a custom avatar of our CEO?',
          'Could we build a custom avatar of our CEO?',
          'Is a custom avatar of our CEO possible?',
        ],
        a: [
          'Yes. With a short video and a consent recording we can create one in about a day.',
          'Custom avatars are included in the Business plan. You upload a two minute video.',
        ],
      },
      {
        q: [
          'Do we get API access on this plan?',
          'Is API access included in this plan?',
          'Does this plan include API access?',
        ],
        a: [
          'API access is included, with 100,000 calls per month.',
          'Yes, full REST API access plus webhooks for every conversation event.',
        ],
      },
      {
        q: [
          'Is there a discount for nonprofits?',
          'Is there any discount for nonprofits?',
          'Is there a discount for nonprofits at all?',
        ],
        a: [
          'Yes, registered nonprofits get 40 percent off any plan.',
          'We offer a nonprofit discount of 40 percent. I can send you the application form.',
        ],
      },
    ],
    frustration: [
      'I already told you we have 40 people. Just give me the price.',
      'This demo is useless, it keeps dodging my questions.',
    ],
  },
  {
    id: 'onboarding',
    agentId: 'agent_onboarding',
    roomName: 'onboarding-room',
    openers: [
      'Hi, I just signed up and I am not sure where to start.',
      'Hello! I created my account today. Can you help me set things up?',
      'Hey, I am new here and want to set up my first avatar.',
    ],
    greetings: [
      'Welcome aboard! I will guide you step by step. What would you like to do first?',
      'Great to have you. Setting up takes about ten minutes. Where shall we begin?',
      'Hi and welcome! I can help with anything in your workspace.',
    ],
    items: [
      {
        q: [
          'How do I create my first avatar?',
          'How can I create my first avatar?',
          'What do I do to create my first avatar?',
        ],
        a: [
          'Click New Avatar on the dashboard, upload a photo, then pick a voice.',
          'Go to Avatars, press Create, and follow the three steps: image, voice, personality.',
        ],
      },
      {
        q: [
          'What kind of photo should I upload?',
          'What kind of photo is best to upload?',
          'What kind of photo should I upload for it?',
        ],
        a: [
          'A front-facing photo with even lighting and a plain background works best.',
          'Use a clear portrait at least 1024 pixels wide, looking straight at the camera.',
        ],
      },
      {
        q: [
          'How do I invite my teammates?',
          'How can I invite my teammates?',
          'Where do I go to invite teammates?',
        ],
        a: [
          'Open Settings, then Members, and enter their email addresses.',
          'From the Team page, press Invite. They get an email with a sign-up link.',
        ],
      },
      {
        q: [
          'Can I change the voice later?',
          'Is it possible to change the voice later on?',
          'Can I change the voice later on?',
        ],
        a: [
          'Yes, the voice can be changed anytime from the avatar settings.',
          'Sure. Voices are not fixed; switching takes effect on the next conversation.',
        ],
      },
      {
        q: [
          'How do I embed the avatar on our website?',
          'How can I embed the avatar on our website?',
          'What is the way to embed the avatar on our website?',
        ],
        a: [
          'Copy the embed snippet from the Share tab and paste it before the closing body tag.',
          'There is a one-line script tag under Share, Website. Paste it into your page.',
        ],
      },
      {
        q: [
          'Where do I set up the webhook URL?',
          'Where can I set up the webhook URL?',
          'Where exactly do I set up the webhook URL?',
        ],
        a: [
          'Under Developer, Webhooks. Add your URL and copy the signing secret.',
          'In the Developer section you can add a webhook URL and choose which events to send.',
        ],
      },
      {
        q: [
          'How do I connect my calendar?',
          'Can I connect my calendar somehow?',
          'How can I connect my calendar?',
        ],
        a: [
          'Go to Integrations and choose Google or Outlook calendar, then sign in.',
          'Calendar sync is under Integrations. It supports Google and Microsoft accounts.',
        ],
      },
      {
        q: [
          'Is there a mobile app?',
          'Do you have a mobile app?',
          'Is there an app for mobile?',
        ],
        a: [
          'Yes, for iOS and Android. Search for the name in the app store.',
          'There is, and it lets you watch conversations and get notifications on the go.',
        ],
      },
    ],
    frustration: [
      'I already told you I clicked that button three times.',
      'The setup guide is useless, nothing looks like the screenshots.',
    ],
  },
  {
    id: 'booking',
    agentId: 'A91XMB7113',
    roomName: 'front-desk-kiosk',
    openers: [
      "Hi, I'd like to book an appointment.",
      'Hello, can I make an appointment with {name}?',
      'Good morning, I need to see a doctor this week.',
    ],
    greetings: [
      'Good morning! I can book that for you. Are you an existing patient?',
      'Of course. Let me check the calendar. Which day suits you?',
      'Happy to help with that. Do you have a preferred doctor?',
    ],
    items: [
      {
        q: [
          'Is there anything free on {day} afternoon?',
          'Is anything free on {day} in the afternoon?',
          'Do you have anything free {day} afternoon?',
        ],
        a: [
          '{name} has an opening on {day} at {time}. Shall I reserve it?',
          'Yes, {day} at {time} is available. Would you like it?',
        ],
      },
      {
        q: [
          'Can I reschedule my existing appointment?',
          'Could I reschedule my existing appointment?',
          'Is it possible to reschedule my existing appointment?',
        ],
        a: [
          'Sure. I have moved it to {day} at {time}. You will get a confirmation by SMS.',
          'Yes. The next open slot with the same doctor is {day} at {time}.',
        ],
      },
      {
        q: [
          'What is the cancellation policy?',
          'What is your cancellation policy?',
          'How does the cancellation policy work?',
        ],
        a: [
          'You can cancel free of charge up to 24 hours before the appointment.',
          'Cancellations are free until the day before. Later ones have a 25 dollar fee.',
        ],
      },
      {
        q: [
          'Do I need to bring any documents?',
          'Which documents do I need to bring?',
          'Do I need to bring documents?',
        ],
        a: [
          'Please bring your insurance card and a photo ID.',
          'Just your ID and insurance card. New patients also fill in a short form at the desk.',
        ],
      },
      {
        q: [
          'Is there parking near the clinic?',
          'Is there any parking near the clinic?',
          'Can I find parking near the clinic?',
        ],
        a: [
          'Yes, there is a free car park behind the building.',
          'Patients park free in the garage next door; bring your ticket to the desk.',
        ],
      },
      {
        q: [
          'How much does a first consultation cost?',
          'What does a first consultation cost?',
          'How much does the first consultation cost?',
        ],
        a: [
          'A first consultation is 80 dollars, and most insurance plans cover it.',
          'It is 80 dollars. I can check your insurance coverage if you like.',
        ],
      },
      {
        q: [
          'Will I get a reminder before the visit?',
          'Do you send a reminder before the visit?',
          'Can I get a reminder before my visit?',
        ],
        a: [
          'Yes, we send a text reminder the day before.',
          'You will get an SMS and an email reminder 24 hours ahead.',
        ],
      },
      {
        q: [
          'Can my daughter come in at the same time?',
          'Could my daughter be seen at the same time?',
          'Is it possible for my daughter to come at the same time?',
        ],
        a: [
          'Yes, I can book a back-to-back slot for her with the same doctor.',
          'Of course. I have added a second slot right after yours.',
        ],
      },
    ],
    frustration: [
      'I already told you I can only come on {day}.',
      'This kiosk is useless, just let me talk to the receptionist.',
    ],
  },
];

export const AGENT_IDS: readonly string[] = THEMES.map((t) => t.agentId);

export const AGENT_ERRORS = [
  'generation_timeout',
  'model_load_failed',
  'invalid_image',
  'gpu_unavailable',
] as const;
